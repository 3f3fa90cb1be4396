package io.copygate.broker.coinbase;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.coinbase.CoinbaseSandbox;
import java.math.BigDecimal;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A started Coinbase sandbox with a funded follower (ES256 key) and master (Ed25519 key). */
final class CoinbaseFixture implements AutoCloseable {
    static final Instrument BTC_USD = Instrument.crypto("BTC", "USD");
    final CoinbaseSandbox sandbox = new CoinbaseSandbox();
    final BrokerHttp http = new BrokerHttp(Duration.ofSeconds(2), Duration.ofSeconds(1));
    final BrokerAccount follower;
    final BrokerAccount master;
    final String followerKey = "organizations/org-1/apiKeys/follower";
    final String masterKey = "organizations/org-1/apiKeys/master";

    CoinbaseFixture() {
        sandbox.start(0);
        try {
            KeyPair ec = CoinbaseAuthTest.ecKeyPair();
            sandbox.addAccount(followerKey, ec.getPublic());
            follower = account("follower", followerKey, CoinbaseAuthTest.sec1Pem(ec));
            KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            sandbox.addAccount(masterKey, ed.getPublic());
            master = account("master", masterKey, java.util.Base64.getEncoder().encodeToString(ed.getPrivate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String k : new String[] {followerKey, masterKey}) {
            sandbox.setBalance(k, "USD", new BigDecimal("100000"));
            sandbox.setBalance(k, "BTC", new BigDecimal("1"));
        }
    }

    private BrokerAccount account(String id, String keyName, String privateKey) {
        String pem = privateKey.startsWith("-----") ? privateKey
                : "-----BEGIN PRIVATE KEY-----\n" + privateKey + "\n-----END PRIVATE KEY-----";
        return new BrokerAccount(id, "tenant-1", "coinbase", keyName,
                Map.of("baseUrl", sandbox.baseUrl(), "wsUrl", sandbox.wsUrl(), "products", "BTC-USD"),
                Map.of("apiKeyName", keyName, "privateKey", pem));
    }

    static CopyOrder order(String id, Side side, String qty, OrderType type, String limit, String stop, TimeInForce tif) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "coinbase", OrderIntent.PLACE, null,
                BTC_USD, side, new BigDecimal(qty), type, limit == null ? null : new BigDecimal(limit),
                stop == null ? null : new BigDecimal(stop), tif, null, new BigDecimal("60000"), CopyOrderState.PLANNED,
                0, Instant.now(), null);
    }

    static CopyOrder market(String id, Side side, String qty) {
        return order(id, side, qty, OrderType.MARKET, null, null, null);
    }

    static CopyOrder cancel(String id, String target) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "coinbase", OrderIntent.CANCEL, target,
                BTC_USD, null, null, null, null, null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder modify(String id, String target, String qty, String limit) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "coinbase", OrderIntent.MODIFY, target,
                BTC_USD, null, qty == null ? null : new BigDecimal(qty), null, limit == null ? null : new BigDecimal(limit),
                null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
