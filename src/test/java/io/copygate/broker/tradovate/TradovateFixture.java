package io.copygate.broker.tradovate;

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
import io.copygate.sim.tradovate.RecordedRequest;
import io.copygate.sim.tradovate.TradovateSandbox;
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
import java.util.function.BooleanSupplier;

/** A Tradovate sandbox on a free loopback port, one user with one account, and an adapter wired to it. */
final class TradovateFixture implements AutoCloseable {
    static final String USER = "trader1";
    static final String PASSWORD = "correct-horse-battery";
    static final String CID = "42";
    static final String SECRET = "api-secret-value";
    static final String ACCOUNT = "DEMO42";
    static final Instrument ES = Instrument.future("ES", YearMonth.of(2026, 12)); // ESZ6 at Tradovate

    final TradovateSandbox sandbox = new TradovateSandbox();
    final MovableClock clock = new MovableClock();
    final BrokerHttp http = new BrokerHttp(Duration.ofSeconds(2), Duration.ofSeconds(3));
    final long userId;
    final BrokerAccount account;
    final TradovateClient client;
    final TradovateAdapter adapter;

    TradovateFixture() {
        sandbox.start(0);
        userId = sandbox.addUser(USER, PASSWORD, CID, SECRET);
        sandbox.addAccount(userId, ACCOUNT);
        account = account("acct-tv-1", PASSWORD);
        client = new TradovateClient(http, clock);
        adapter = new TradovateAdapter(client, clock);
    }

    BrokerAccount account(String id, String password) {
        return new BrokerAccount(id, "tenant-1", "tradovate", ACCOUNT,
                // reconnect attempts stay 250 ms apart, so a feed kept out by refuseSockets is back as soon as it may
                Map.of("environment", "demo", "baseUrl", sandbox.baseUrl(), "wsUrl", sandbox.webSocketUrl(),
                        "reconnectMaxBackoff", "PT0.25S"),
                Map.of("name", USER, "password", password, "cid", CID, "sec", SECRET));
    }

    List<RecordedRequest> requests(String path) {
        return sandbox.requests().stream().filter(r -> r.path().equalsIgnoreCase(path)).toList();
    }

    static CopyOrder place(Side side, String qty, OrderType type, String limit, String stop, TimeInForce tif,
            Bracket bracket) {
        String signal = UUID.randomUUID().toString();
        return new CopyOrder(CopyOrderId.of(signal, "acct-tv-1"), signal, "link-1", "tenant-1", "acct-tv-1",
                "tradovate", OrderIntent.PLACE, null, ES, side, new BigDecimal(qty), type,
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
        return new CopyOrder(CopyOrderId.of(signal, "acct-tv-1"), signal, "link-1", "tenant-1", "acct-tv-1",
                "tradovate", OrderIntent.CANCEL, target.id(), target.instrument(), target.side(), null, null, null,
                null, null, null, null, CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    static CopyOrder modifyOf(CopyOrder target, String qty, OrderType type, String limit, String stop) {
        String signal = UUID.randomUUID().toString();
        return new CopyOrder(CopyOrderId.of(signal, "acct-tv-1"), signal, "link-1", "tenant-1", "acct-tv-1",
                "tradovate", OrderIntent.MODIFY, target.id(), target.instrument(), target.side(),
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

    /** A clock the test moves forward, to reach token renewal without waiting 70 minutes. */
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
