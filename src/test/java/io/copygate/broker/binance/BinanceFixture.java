package io.copygate.broker.binance;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.binance.BinanceSandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A started Binance sandbox with a funded follower and master, and copy orders to send it. */
final class BinanceFixture implements AutoCloseable {
    static final String SPEC = "binance/spot_api.yaml";
    static final Instrument BTC_USDT = Instrument.crypto("BTC", "USDT");
    final BinanceSandbox sandbox = new BinanceSandbox();
    final BrokerHttp http = new BrokerHttp(Duration.ofSeconds(2), Duration.ofSeconds(1));
    final BrokerAccount follower;
    final BrokerAccount master;

    BinanceFixture() {
        sandbox.start(0);
        follower = account("follower", "f-key", "f-secret");
        master = account("master", "m-key", "m-secret");
    }

    BrokerAccount account(String id, String apiKey, String secret) {
        sandbox.addAccount(apiKey, secret);
        fund(apiKey);
        return new BrokerAccount(id, "tenant-1", "binance", apiKey,
                Map.of("baseUrl", sandbox.baseUrl(), "wsApiUrl", sandbox.wsApiUrl(), "symbols", "BTCUSDT"),
                Map.of("apiKey", apiKey, "secretKey", secret));
    }

    void fund(String apiKey) {
        sandbox.setBalance(apiKey, "USDT", new BigDecimal("100000"));
        sandbox.setBalance(apiKey, "BTC", new BigDecimal("1"));
    }

    static CopyOrder order(String id, Side side, String qty, OrderType type, String limit, String stop,
                           TimeInForce tif) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "binance", OrderIntent.PLACE, null,
                BTC_USDT, side, new BigDecimal(qty), type, limit == null ? null : new BigDecimal(limit),
                stop == null ? null : new BigDecimal(stop), tif, (Bracket) null, new BigDecimal("60000"),
                CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder market(String id, Side side, String qty) {
        return order(id, side, qty, OrderType.MARKET, null, null, null);
    }

    static CopyOrder cancel(String id, String target) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "binance", OrderIntent.CANCEL, target,
                BTC_USDT, null, null, null, null, null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder modify(String id, String target, String qty, String limit) {
        return new CopyOrder(id, "sig-" + id, "link-1", "tenant-1", "follower", "binance", OrderIntent.MODIFY, target,
                BTC_USDT, null, qty == null ? null : new BigDecimal(qty), null,
                limit == null ? null : new BigDecimal(limit), null, null, null, null, CopyOrderState.PLANNED, 0,
                Instant.now(), null);
    }

    /**
     * Every request the test made the adapter or feed send must be one Binance's OpenAPI document allows
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
