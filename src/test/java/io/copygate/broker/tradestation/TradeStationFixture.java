package io.copygate.broker.tradestation;

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
import io.copygate.sim.tradestation.RecordedRequest;
import io.copygate.sim.tradestation.TradeStationSandbox;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A TradeStation sandbox on a free loopback port, one API key and account, and an adapter wired to it. */
final class TradeStationFixture implements AutoCloseable {
    static final String CLIENT_ID = "copygate-app";
    static final String CLIENT_SECRET = "app-secret-value";
    static final String ACCOUNT = "SIM777001";
    static final Instrument ES = Instrument.future("ES", YearMonth.of(2026, 12)); // ESZ26

    final TradeStationSandbox sandbox = new TradeStationSandbox();
    final MovableClock clock = new MovableClock();
    final BrokerHttp http = new BrokerHttp(Duration.ofSeconds(2), Duration.ofSeconds(3));
    final List<String> rotated = new CopyOnWriteArrayList<>();
    final String refreshToken;
    final BrokerAccount account;
    final TradeStationClient client;
    final TradeStationOrderIds ids = TradeStationOrderIds.inMemory();
    final TradeStationAdapter adapter;

    TradeStationFixture() {
        sandbox.start(0);
        sandbox.registerApp(CLIENT_ID, CLIENT_SECRET);
        refreshToken = sandbox.issueRefreshToken(CLIENT_ID, ACCOUNT);
        account = account("acct-ts-1", CLIENT_SECRET, refreshToken);
        client = new TradeStationClient(http, clock, (acct, token) -> rotated.add(token));
        adapter = new TradeStationAdapter(client, ids);
    }

    BrokerAccount account(String id, String secret, String refresh) {
        return new BrokerAccount(id, "tenant-1", "tradestation", ACCOUNT,
                Map.of("environment", "sim", "baseUrl", sandbox.baseUrl(), "tokenUrl", sandbox.tokenUrl(),
                        "pollInterval", "PT0.2S"),
                Map.of("clientId", CLIENT_ID, "clientSecret", secret, "refreshToken", refresh));
    }

    List<RecordedRequest> requests(String method, String pathPrefix) {
        return sandbox.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    static CopyOrder place(Side side, String qty, OrderType type, String limit, String stop, TimeInForce tif,
            Bracket bracket) {
        String signal = UUID.randomUUID().toString();
        return new CopyOrder(CopyOrderId.of(signal, "acct-ts-1"), signal, "link-1", "tenant-1", "acct-ts-1",
                "tradestation", OrderIntent.PLACE, null, ES, side, new BigDecimal(qty), type,
                limit == null ? null : new BigDecimal(limit), stop == null ? null : new BigDecimal(stop), tif, bracket,
                null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder market(Side side, String qty) {
        return place(side, qty, OrderType.MARKET, null, null, TimeInForce.DAY, null);
    }

    static CopyOrder limit(Side side, String qty, String price) {
        return place(side, qty, OrderType.LIMIT, price, null, TimeInForce.DAY, null);
    }

    static CopyOrder cancelOf(CopyOrder target) {
        String signal = UUID.randomUUID().toString();
        return new CopyOrder(CopyOrderId.of(signal, "acct-ts-1"), signal, "link-1", "tenant-1", "acct-ts-1",
                "tradestation", OrderIntent.CANCEL, target.id(), target.instrument(), target.side(), null, null, null,
                null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder modifyOf(CopyOrder target, String qty, OrderType type, String limit, String stop) {
        String signal = UUID.randomUUID().toString();
        return new CopyOrder(CopyOrderId.of(signal, "acct-ts-1"), signal, "link-1", "tenant-1", "acct-ts-1",
                "tradestation", OrderIntent.MODIFY, target.id(), target.instrument(), target.side(),
                qty == null ? null : new BigDecimal(qty), type, limit == null ? null : new BigDecimal(limit),
                stop == null ? null : new BigDecimal(stop), null, null, null, CopyOrderState.PLANNED, 0, Instant.now(),
                null);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }

    /** A clock the test moves forward, to reach token refresh without waiting 20 minutes. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
