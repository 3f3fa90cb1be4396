package io.copygate.broker.kraken;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.kraken.KrakenSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** A started Kraken sandbox with a funded follower and master, and copy orders for it. */
final class KrakenFixture implements AutoCloseable {
    static final String SPEC = "kraken/spot-rest/openapi_v3.yaml";
    static final Instrument BTC_USD = Instrument.crypto("BTC", "USD");
    final KrakenSandbox sandbox = new KrakenSandbox();
    final BrokerHttp http = new BrokerHttp(Duration.ofSeconds(2), Duration.ofSeconds(1));
    final BrokerAccount follower;
    final BrokerAccount master;

    KrakenFixture() {
        sandbox.start(0);
        follower = account("follower", "kf-" + System.nanoTime());
        master = account("master", "km-" + System.nanoTime());
    }

    BrokerAccount account(String id, String apiKey) {
        String secret = Base64.getEncoder().encodeToString((apiKey + "-secret-bytes").getBytes());
        sandbox.addAccount(apiKey, secret);
        sandbox.setBalance(apiKey, "USD", new BigDecimal("100000"));
        sandbox.setBalance(apiKey, "BTC", new BigDecimal("1"));
        return new BrokerAccount(id, "tenant-1", "kraken", apiKey,
                Map.of("baseUrl", sandbox.baseUrl(), "wsUrl", sandbox.wsUrl()),
                Map.of("apiKey", apiKey, "privateKey", secret));
    }

    String key(BrokerAccount a) {
        return a.brokerAccount();
    }

    static CopyOrder order(String id, Side side, String qty, OrderType type, String limit, String stop, TimeInForce tif) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "kraken", OrderIntent.PLACE, null,
                BTC_USD, side, new BigDecimal(qty), type, limit == null ? null : new BigDecimal(limit),
                stop == null ? null : new BigDecimal(stop), tif, null, new BigDecimal("60000"), CopyOrderState.PLANNED,
                0, Instant.now(), null);
    }

    static CopyOrder market(String id, Side side, String qty) {
        return order(id, side, qty, OrderType.MARKET, null, null, null);
    }

    static CopyOrder cancel(String id, String target) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "kraken", OrderIntent.CANCEL, target,
                BTC_USD, null, null, null, null, null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder modify(String id, String target, String qty, String limit) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "kraken", OrderIntent.MODIFY, target,
                BTC_USD, null, qty == null ? null : new BigDecimal(qty), null, limit == null ? null : new BigDecimal(limit),
                null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    /**
     * Every request the test made the adapter or feed send must be one Kraken's OpenAPI document allows
     * (checked when the document is at hand, always when COPYGATE_REQUIRE_SPECS=1).
     */
    @Override
    public void close() {
        try {
            boolean required = "1".equals(System.getenv("COPYGATE_REQUIRE_SPECS"));
            if (required || java.nio.file.Files.isRegularFile(io.copygate.specs.BrokerSpec.specsDir().resolve(SPEC))) {
                io.copygate.specs.BrokerSpec spec = io.copygate.specs.BrokerSpec.load(SPEC);
                sandbox.requests().forEach(r -> spec.assertAllows(r.method(), r.pathAndQuery(), r.headers(), r.body()));
            }
        } finally {
            sandbox.close();
        }
    }
}
