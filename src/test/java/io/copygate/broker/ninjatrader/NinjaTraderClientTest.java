package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against a scripted add-on on loopback: the requests it sends, and every error shape of
 * the contract (section 5.1) as the error class delivery acts on.
 */
class NinjaTraderClientTest {
    private static final String TOKEN = "client-test-token-0123";
    private HttpServer addOn;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile boolean hang;
    private NinjaTraderAdapter adapter;
    private BrokerAccount account;

    @BeforeEach
    void start() throws IOException {
        addOn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        addOn.setExecutor(Executors.newCachedThreadPool());
        addOn.createContext("/", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization")
                    + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (hang) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        addOn.start();
        adapter = new NinjaTraderAdapter(new BrokerHttp(Duration.ofSeconds(1), Duration.ofMillis(700)), new DialOutSessions());
        account = new BrokerAccount("nt1", "t1", "ninjatrader", "Sim101",
                Map.of("baseUrl", "http://127.0.0.1:" + addOn.getAddress().getPort() + "/"), Map.of("token", TOKEN));
    }

    @AfterEach
    void stop() {
        never.countDown();
        addOn.stop(0);
    }

    private void answers(int code, String body) {
        status = code;
        answer = body;
    }

    private static CopyOrder market() {
        return NinjaTraderOrderMapperTest.order(Side.BUY, "1", OrderType.MARKET, null, null, null, null);
    }

    private static CopyOrder cancelOf(String target) {
        CopyOrder m = market();
        return new CopyOrder("cgcancel0000000000", "s2", "l1", "t1", "nt1", "ninjatrader", OrderIntent.CANCEL, target,
                m.instrument(), m.side(), m.quantity(), m.orderType(), null, null, null, null, null, m.state(), 0, m.signalReceivedAt(), null);
    }

    @Test
    void placementIsAnAuthenticatedJsonPostAndTheOrderObjectIsTheAck() {
        answers(200, "{\"clientOrderId\":\"cgabcdefghijklmnop\",\"orderId\":\"8a1e\",\"instrument\":\"ES 12-25\",\"state\":\"filled\",\"duplicate\":false}");
        assertEquals("8a1e", adapter.place(market(), account).brokerOrderId());
        assertEquals("POST /orders Bearer " + TOKEN + " {\"clientOrderId\":\"cgabcdefghijklmnop\",\"account\":\"Sim101\","
                + "\"instrument\":\"ES 12-25\",\"action\":\"buy\",\"quantity\":1,\"orderType\":\"market\",\"timeInForce\":\"day\"}",
                received.get(0));
        answers(200, "{\"orderId\":\"8a1e\",\"instrument\":\"ES 12-25\",\"state\":\"cancelled\",\"duplicate\":false}");
        assertEquals("cancelled", adapter.cancel(cancelOf("cgabcdefghijklmnop"), account).status());
        assertEquals("POST /orders/cgabcdefghijklmnop/cancel Bearer " + TOKEN + " {}", received.get(1));
    }

    @Test
    void aLookupOfAnIdTheAddOnNeverPlacedIsEmpty() {
        answers(404, "{\"error\":\"no order with clientOrderId cgabcdefghijklmnop\",\"field\":\"clientOrderId\"}");
        assertTrue(adapter.findByClientOrderId(market(), account).isEmpty());
        assertTrue(received.get(0).startsWith("GET /orders/cgabcdefghijklmnop "));
    }

    @Test
    void refusalsAreFinalWithTheAddOnsReasonVerbatim() {
        answers(422, "{\"error\":\"NinjaTrader rejected the order: Order rejected: insufficient margin\",\"field\":null,"
                + "\"order\":{\"state\":\"rejected\"}}");
        assertEquals("NinjaTrader rejected the order: Order rejected: insufficient margin",
                assertThrows(BrokerRejectedException.class, () -> adapter.place(market(), account)).getMessage());
        answers(409, "{\"error\":\"clientOrderId cgabcdefghijklmnop was used for a different order\",\"field\":\"clientOrderId\"}");
        BrokerRejectedException reused = assertThrows(BrokerRejectedException.class, () -> adapter.place(market(), account));
        assertFalse(reused instanceof AccountFailedException);
        answers(409, "{\"error\":\"order cgabcdefghijklmnop is filled and cannot be cancelled\",\"field\":null}");
        assertEquals("order cgabcdefghijklmnop is filled and cannot be cancelled",
                assertThrows(BrokerRejectedException.class, () -> adapter.cancel(cancelOf("cgabcdefghijklmnop"), account)).getMessage());
    }

    @Test
    void aReusedIdWithOtherContentIsNeverTakenForAlreadyPlaced() {
        answers(409, "{\"error\":\"clientOrderId reused with different content\",\"field\":\"clientOrderId\"}");
        RuntimeException e = assertThrows(RuntimeException.class, () -> adapter.place(market(), account));
        assertFalse(e instanceof DuplicateClientOrderIdException, "delivery would record someone else's order as this copy");
    }

    @Test
    void aRefusedTokenFailsTheAccount() {
        answers(401, "{\"error\":\"missing or wrong bearer token\",\"field\":null}");
        AccountFailedException e = assertThrows(AccountFailedException.class, () -> adapter.place(market(), account));
        assertTrue(e.getMessage().contains("missing or wrong bearer token"));
        assertFalse(e.getMessage().contains(TOKEN), "the token never reaches a message");
    }

    @Test
    void serverErrorsAndLostAnswersAreRetriedAndAPlacementsOutcomeIsUnknown() {
        answers(500, "{\"error\":\"internal error in the copygate add-on (NullReferenceException)\",\"field\":null}");
        assertInstanceOf(OutcomeUnknownException.class, assertThrows(BrokerUnavailableException.class, () -> adapter.place(market(), account)));
        BrokerUnavailableException lookup = assertThrows(BrokerUnavailableException.class, () -> adapter.findByClientOrderId(market(), account));
        assertFalse(lookup instanceof OutcomeUnknownException, "a lookup places nothing");
        answers(502, "<html>Bad Gateway</html>");
        assertTrue(assertThrows(OutcomeUnknownException.class, () -> adapter.place(market(), account)).getMessage().contains("Bad Gateway"));
        hang = true;
        assertThrows(OutcomeUnknownException.class, () -> adapter.place(market(), account));
    }

    @Test
    void anAddOnThatIsNotRunningIsUnavailable() {
        addOn.stop(0);
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class, () -> adapter.place(market(), account));
        assertFalse(e instanceof OutcomeUnknownException, "a refused connection sent nothing");
    }
}
