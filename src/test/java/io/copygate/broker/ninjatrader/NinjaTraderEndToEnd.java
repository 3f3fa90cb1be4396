package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapters;
import io.copygate.security.WebhookTokens;
import io.copygate.signal.CopyOrder;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real gateway (routes, PostgreSQL) and the real add-on in its test host, wired as a trader would:
 * a TradingView master copied to NinjaTrader account Sim101, and NinjaTrader account Sim102 as a master
 * copied to a paper account ×2. The subclasses run the same scenarios over each connection mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NinjaTraderEndToEnd {
    static final String TOKEN = System.getenv("COPYGATE_TEST_NINJATRADER_TOKEN");
    static final String TV_TOKEN = "nt-e2e-tradingview-token";
    static final Duration WAIT = Duration.ofSeconds(15);

    TestDatabase db;
    TestGateway gw;
    BridgeHost host;
    int gatewayPort;
    int wsPort;
    int hostPort;

    /** {@code listen} or {@code dialout}: the accounts' mode in gateway.yaml. */
    abstract String mode();

    /** The host's connection options for this mode. */
    abstract List<String> connection();

    @BeforeAll
    void start() throws Exception {
        assertNotNull(TOKEN, "COPYGATE_TEST_NINJATRADER_TOKEN is set by Maven (pom.xml, surefire); run through mvn");
        gatewayPort = TestGateway.freePort();
        wsPort = TestGateway.freePort();
        hostPort = TestGateway.freePort();
        db = TestDatabase.postgres();
        String settings = "listen".equals(mode())
                ? "{mode: listen, baseUrl: \"http://127.0.0.1:" + hostPort + "\"" : "{mode: dialout";
        gw = TestGateway.start(db, """
                tenants: [{id: t1}]
                accounts:
                  - {id: tv-master, tenant: t1, broker: webhook, webhookTokens: [{sha256: %s}]}
                  - id: nt-follower
                    tenant: t1
                    broker: ninjatrader
                    brokerAccount: Sim101
                    settings: %s}
                    credentials: {token: "${env:COPYGATE_TEST_NINJATRADER_TOKEN}"}
                  - id: nt-master
                    tenant: t1
                    broker: ninjatrader
                    settings: %s, ntAccount: Sim102}
                    credentials: {token: "${env:COPYGATE_TEST_NINJATRADER_TOKEN}"}
                  - {id: paper-f, tenant: t1, broker: paper}
                links:
                  - {id: tv-to-nt, tenant: t1, master: tv-master, follower: nt-follower}
                  - {id: nt-to-paper, tenant: t1, master: nt-master, follower: paper-f, rules: {multiplier: 2}}
                paper:
                  quotes: {MESZ26: 6000}
                """.formatted(WebhookTokens.sha256(TV_TOKEN), settings, settings), Map.of(
                "copygate.http.port", String.valueOf(gatewayPort),
                "copygate.bridge.ws-port", String.valueOf(wsPort),
                "copygate.broker.request-timeout-ms", "5000"));
        List<String> options = new ArrayList<>(List.of("--accounts", "Sim101,Sim102",
                "--price", "ES=6000", "--price", "MES=6000", "--price", "NQ=21000", "--price", "MNQ=21000",
                "--price", "YM=45000", "--price", "RTY=2400", "--price", "CL=60", "--price", "GC=4000"));
        options.addAll(connection());
        host = BridgeHost.start(TOKEN, hostPort, options);
        awaitAddOnReachable();
    }

    @AfterAll
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (gw != null) {
            gw.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Waits until the gateway can reach the add-on (dial-out: its WebSocket is connected). */
    void awaitAddOnReachable() {
        if (!"listen".equals(mode())) {
            gw.await("the add-on dialled in", WAIT, () -> adapter().dialOut().isConnected(TOKEN));
        }
    }

    // --- the gateway ----------------------------------------------------------------------------

    /** A TradingView alert for tv-master; returns the signal id. */
    String alert(String body) {
        TestGateway.Reply r = gw.post("/webhooks/tradingview/" + TV_TOKEN, body,
                body.trim().startsWith("{") ? "application/json" : "text/plain");
        assertEquals(202, r.status(), r.body());
        return r.json().get("signalId").asText();
    }

    /** The one copy order a signal planned. */
    String copyOrder(String signalId) {
        List<Map<String, Object>> rows = db.rows("SELECT id FROM copy_orders WHERE signal_id = ?", signalId);
        assertEquals(1, rows.size(), "copy orders of " + signalId + ": " + rows);
        return (String) rows.get(0).get("id");
    }

    Map<String, Object> row(String copyOrderId) {
        return db.rows("SELECT state, attempts, last_error, broker_status, broker_order_id FROM copy_orders WHERE id = ?",
                copyOrderId).get(0);
    }

    void awaitState(String copyOrderId, String state) {
        gw.await("copy order " + copyOrderId + " " + state, WAIT, () -> state.equals(row(copyOrderId).get("state")));
    }

    /** The gateway's position of an account (kept from the fills the add-on reports back). */
    BigDecimal position(String account, String symbol) {
        List<Map<String, Object>> rows = db.rows("SELECT quantity FROM positions WHERE account_id = ? AND symbol = ?", account, symbol);
        return rows.isEmpty() ? BigDecimal.ZERO : (BigDecimal) rows.get(0).get("quantity");
    }

    void awaitPosition(String account, String symbol, int quantity) {
        gw.await(account + " holds " + quantity + " " + symbol, WAIT,
                () -> position(account, symbol).compareTo(BigDecimal.valueOf(quantity)) == 0);
    }

    NinjaTraderAdapter adapter() {
        return (NinjaTraderAdapter) gw.camel().getRegistry().lookupByNameAndType("brokerAdapters", BrokerAdapters.class)
                .of(NinjaTraderAdapter.BROKER);
    }

    /** Sim101 as the gateway's adapter sees it. */
    BrokerAccount follower() {
        Map<String, String> settings = "listen".equals(mode())
                ? Map.of("mode", "listen", "baseUrl", host.baseUrl()) : Map.of("mode", "dialout");
        return new BrokerAccount("nt-follower", "t1", NinjaTraderAdapter.BROKER, "Sim101", settings, Map.of("token", TOKEN));
    }

    CopyOrder stored(String copyOrderId) {
        return gw.camel().getRegistry().lookupByNameAndType("copyOrderOutbox", CopyOrderOutbox.class).find(copyOrderId);
    }

    /** The add-on's POST /orders again for a copy order, as a retry after a lost answer would send it. */
    BrokerAck placeAgain(String copyOrderId) {
        return adapter().place(stored(copyOrderId), follower());
    }

    // --- the add-on (what NinjaTrader holds) -----------------------------------------------------

    /** {@code GET /orders?account=Sim101}: over HTTP in listen mode, over the add-on's WebSocket in dial-out mode. */
    List<JsonNode> addOnOrders(Predicate<JsonNode> which) {
        List<JsonNode> out = new ArrayList<>();
        addOnGet("/orders?account=Sim101").get("orders").forEach(o -> {
            if (which.test(o)) {
                out.add(o);
            }
        });
        return out;
    }

    /** A GET of the add-on's contract: straight to its port in listen mode, over its WebSocket in dial-out mode. */
    JsonNode addOnGet(String path) {
        if ("listen".equals(mode())) {
            BridgeHost.Reply r = host.get(path);
            assertEquals(200, r.status(), path + ": " + r.body());
            return r.body();
        }
        return path.startsWith("/orders") ? adapter().orders(follower()) : adapter().positions(follower());
    }

    /** The one order NinjaTrader lists under a client order id (fails on none or several). */
    JsonNode addOnOrder(String clientOrderId) {
        List<JsonNode> found = addOnOrders(o -> clientOrderId.equals(o.path("clientOrderId").asText(null)));
        assertEquals(1, found.size(), "orders in Sim101 named " + clientOrderId + ": " + found);
        return found.get(0);
    }

    List<JsonNode> addOnOrdersOn(String instrument) {
        return addOnOrders(o -> instrument.equals(o.path("instrument").asText()));
    }

    /** Sim101's signed position in a NinjaTrader instrument (0 when flat). */
    int addOnPosition(String instrument) {
        for (JsonNode p : addOnGet("/positions?account=Sim101").get("positions")) {
            if (instrument.equals(p.path("instrument").asText())) {
                return p.path("quantity").asInt() * ("short".equals(p.path("marketPosition").asText()) ? -1 : 1);
            }
        }
        return 0;
    }

    void awaitAddOnPosition(String instrument, int quantity) {
        gw.await("Sim101 holds " + quantity + " " + instrument, WAIT, () -> addOnPosition(instrument) == quantity);
    }

    static void assertDecimal(String expected, JsonNode actual, String what) {
        assertTrue(actual != null && actual.isNumber() && actual.decimalValue().compareTo(new BigDecimal(expected)) == 0,
                what + ": expected " + expected + ", was " + actual);
    }
}
