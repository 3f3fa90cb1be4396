package io.copygate.broker.alpaca;

import static org.junit.jupiter.api.Assertions.fail;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.alpaca.AlpacaSandbox;
import io.copygate.sim.alpaca.AlpacaSandbox.RecordedRequest;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import io.copygate.specs.BrokerSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Shared set-up for the Alpaca tests: accounts pointing at a sandbox, copy orders, waiting, the spec check. */
final class AlpacaTestSupport {
    static final String SPEC = "alpaca/trading-api.openapi.yaml";

    private AlpacaTestSupport() {
    }

    static BrokerHttp http(Duration requestTimeout) {
        return new BrokerHttp(Duration.ofSeconds(2), requestTimeout);
    }

    /** A copygate account for a sandbox account: sandbox URLs, the sandbox's key pair. */
    static BrokerAccount account(AlpacaSandbox sandbox, SandboxAccount a, String... settings) {
        Map<String, String> s = new HashMap<>();
        s.put("baseUrl", sandbox.baseUrl());
        s.put("streamUrl", sandbox.streamUrl());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            s.put(settings[i], settings[i + 1]);
        }
        return new BrokerAccount("cg-" + a.name(), "tenant-1", "alpaca", a.accountNumber(), s,
                Map.of("keyId", a.keyId(), "secretKey", a.secretKey()));
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    static OrderBuilder buy(String symbol, String qty) {
        return new OrderBuilder().instrument(Instrument.equity(symbol)).side(Side.BUY).qty(qty);
    }

    static OrderBuilder sell(String symbol, String qty) {
        return new OrderBuilder().instrument(Instrument.equity(symbol)).side(Side.SELL).qty(qty);
    }

    /** Builds copy orders the way the planner will: deterministic ids from a signal id and the follower. */
    static final class OrderBuilder {
        private String signalId = UUID.randomUUID().toString();
        private String follower = "cg-follower";
        private OrderIntent intent = OrderIntent.PLACE;
        private String target;
        private Instrument instrument;
        private Side side;
        private BigDecimal qty;
        private OrderType type = OrderType.MARKET;
        private BigDecimal limit;
        private BigDecimal stop;
        private TimeInForce tif = TimeInForce.DAY;
        private Bracket bracket;

        OrderBuilder instrument(Instrument v) { instrument = v; return this; }
        OrderBuilder side(Side v) { side = v; return this; }
        OrderBuilder qty(String v) { qty = v == null ? null : d(v); return this; }
        OrderBuilder limit(String v) { type = OrderType.LIMIT; limit = d(v); return this; }
        OrderBuilder stop(String v) { type = OrderType.STOP; stop = d(v); return this; }
        OrderBuilder stopLimit(String stopPrice, String limitPrice) {
            type = OrderType.STOP_LIMIT; stop = d(stopPrice); limit = d(limitPrice); return this;
        }
        OrderBuilder type(OrderType v) { type = v; return this; }
        OrderBuilder tif(TimeInForce v) { tif = v; return this; }
        OrderBuilder bracket(String stopLoss, String stopLossLimit, String takeProfit) {
            bracket = new Bracket(stopLoss == null ? null : d(stopLoss), stopLossLimit == null ? null : d(stopLossLimit),
                    takeProfit == null ? null : d(takeProfit));
            return this;
        }
        OrderBuilder follower(String v) { follower = v; return this; }
        OrderBuilder signal(String v) { signalId = v; return this; }

        OrderBuilder cancelOf(String targetClientOrderId) {
            intent = OrderIntent.CANCEL; target = targetClientOrderId; return this;
        }

        OrderBuilder modifyOf(String targetClientOrderId) {
            intent = OrderIntent.MODIFY; target = targetClientOrderId; return this;
        }

        CopyOrder build() {
            return new CopyOrder(CopyOrderId.of(signalId, follower), signalId, "link-1", "tenant-1", follower, "alpaca",
                    intent, target, instrument, side, qty, type, limit, stop, tif, bracket, null, CopyOrderState.PLANNED,
                    0, Instant.now(), null);
        }
    }

    /** Waits for a condition, failing after the timeout (never a fixed sleep). */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /**
     * Every REST request the sandbox received must be one Alpaca's OpenAPI document allows: the
     * adapter's requests are checked against the broker's own contract, not against our sandbox.
     */
    static List<RecordedRequest> assertEveryRequestMatchesSpec(AlpacaSandbox sandbox) {
        List<RecordedRequest> rest = sandbox.requests().stream()
                .filter(r -> r.pathAndQuery().startsWith("/v2/"))
                .toList();
        boolean specAbsent = !Files.isRegularFile(BrokerSpec.specsDir().resolve(SPEC))
                && !"1".equals(System.getenv("COPYGATE_REQUIRE_SPECS"));
        if (specAbsent) {
            return rest; // a user's clone without the document: AlpacaSpecContractTest reports the skip
        }
        if (!rest.isEmpty()) {
            BrokerSpec spec = BrokerSpec.load(SPEC);
            for (RecordedRequest r : rest) {
                spec.assertAllows(r.method(), r.pathAndQuery(), r.headers(), r.body());
            }
        }
        return rest;
    }
}
