package io.copygate.testing;

import io.copygate.security.WebhookTokens;

/** gateway.yaml texts the integration tests share. */
public final class Fixtures {
    public static final String TOKEN = "test-token-1";
    public static final String RESTRICTED_TOKEN = "test-token-restricted";

    private Fixtures() {
    }

    /**
     * A master with four paper followers: f1 ×1, f2 ×3 capped at 5, f3 on a paused link,
     * f4 denying ES; and a second master whose token only accepts 10.9.9.9.
     */
    public static String fourFollowers() {
        return """
                tenants:
                  - {id: t1, name: Test desk}
                accounts:
                  - id: master
                    tenant: t1
                    broker: webhook
                    webhookTokens: [{sha256: %s}]
                  - id: restricted-master
                    tenant: t1
                    broker: webhook
                    webhookTokens: [{sha256: %s, ipAllowlist: "10.9.9.9, 192.168.0.0/16"}]
                  - {id: f1, tenant: t1, broker: paper}
                  - {id: f2, tenant: t1, broker: paper}
                  - {id: f3, tenant: t1, broker: paper}
                  - {id: f4, tenant: t1, broker: paper}
                links:
                  - {id: l1, tenant: t1, master: master, follower: f1, rules: {multiplier: 1}}
                  - {id: l2, tenant: t1, master: master, follower: f2, rules: {multiplier: 3, maxQuantity: 5}}
                  - {id: l3, tenant: t1, master: master, follower: f3, status: paused}
                  - {id: l4, tenant: t1, master: master, follower: f4, rules: {denySymbols: [ES]}}
                  - {id: lr, tenant: t1, master: restricted-master, follower: f1}
                """.formatted(WebhookTokens.sha256(TOKEN), WebhookTokens.sha256(RESTRICTED_TOKEN));
    }
}
