package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaTestSupport.buy;
import static io.copygate.broker.alpaca.AlpacaTestSupport.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.signal.CopyOrder;
import io.copygate.sim.alpaca.AlpacaSandbox;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One master order to many followers at once over the async path, and the sandbox carrying a thousand accounts. */
class AlpacaFanOutTest {
    private static AlpacaSandbox sandbox;
    private static AlpacaAdapter adapter;

    @BeforeAll
    static void start() {
        sandbox = new AlpacaSandbox(2);
        sandbox.start(0);
        sandbox.recordRequests(true, 1_000_000);
        adapter = new AlpacaAdapter(AlpacaTestSupport.http(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void twoHundredFollowersGetTheMasterOrderExactlyOnceWithoutAThreadEach() {
        List<BrokerAccount> followers = new ArrayList<>();
        for (SandboxAccount a : sandbox.createAccounts("fan", 200, new BigDecimal("50000"))) {
            followers.add(AlpacaTestSupport.account(sandbox, a));
        }
        sandbox.setPrice("AAPL", d("190"));
        sandbox.clearRequests();
        String signalId = UUID.randomUUID().toString();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        int threadsBefore = threads.getThreadCount();

        List<CompletableFuture<BrokerAck>> sent = new ArrayList<>();
        List<CopyOrder> orders = new ArrayList<>();
        for (BrokerAccount follower : followers) {
            CopyOrder order = buy("AAPL", "2").signal(signalId).follower(follower.id()).build();
            orders.add(order);
            sent.add(adapter.placeAsync(order, follower)); // all in flight before any answer is awaited
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
        int peakThreads = threads.getPeakThreadCount();
        System.out.println("fan-out of 200: threads before " + threadsBefore + ", peak " + peakThreads);

        for (int i = 0; i < followers.size(); i++) {
            String name = "fan" + (i + 1);
            List<JsonNode> atBroker = sandbox.orders(name);
            assertEquals(1, atBroker.size(), name + " has exactly one order");
            assertEquals(orders.get(i).id(), atBroker.get(0).path("client_order_id").asText());
            assertEquals(sent.get(i).join().brokerOrderId(), atBroker.get(0).path("id").asText());
            assertEquals("filled", atBroker.get(0).path("status").asText());
        }
        assertEquals(200, new HashSet<>(orders.stream().map(CopyOrder::id).toList()).size(), "one id per follower");
        assertEquals(200, sandbox.requests().stream().filter(r -> r.method().equals("POST")).count(), "no request twice");
        assertTrue(peakThreads - threadsBefore < 100,
                "200 orders in flight must not take a thread each (threads before " + threadsBefore + ", peak " + peakThreads + ")");
        AlpacaTestSupport.assertEveryRequestMatchesSpec(sandbox);
    }

    @Test
    void aThousandAccountsTakeFiveThousandOrders() {
        sandbox.setRateLimit(0);
        List<BrokerAccount> accounts = new ArrayList<>();
        for (SandboxAccount a : sandbox.createAccounts("k", 1000, new BigDecimal("100000"))) {
            accounts.add(AlpacaTestSupport.account(sandbox, a));
        }
        sandbox.setPrice("MSFT", d("400"));
        Semaphore inFlight = new Semaphore(256);
        List<CompletableFuture<BrokerAck>> sent = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            String signalId = UUID.randomUUID().toString();
            for (BrokerAccount account : accounts) {
                inFlight.acquireUninterruptibly();
                CompletableFuture<BrokerAck> f = adapter.placeAsync(
                        buy("MSFT", "1").signal(signalId).follower(account.id()).build(), account);
                f.whenComplete((ack, e) -> inFlight.release());
                sent.add(f);
            }
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();

        for (int i = 1; i <= 1000; i++) {
            assertEquals(5, sandbox.orders("k" + i).size());
        }
        assertEquals(0, new BigDecimal("98000").compareTo(new BigDecimal(sandbox.accountView("k500").path("cash").asText())),
                "five fills of one share at 400");
    }
}
