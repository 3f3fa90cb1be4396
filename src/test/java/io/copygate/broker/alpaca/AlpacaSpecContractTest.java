package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaTestSupport.buy;
import static io.copygate.broker.alpaca.AlpacaTestSupport.d;
import static io.copygate.broker.alpaca.AlpacaTestSupport.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.broker.AccountFeedListener;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Fill;
import io.copygate.signal.Instrument;
import io.copygate.signal.Signal;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.alpaca.AlpacaSandbox.RecordedRequest;
import io.copygate.specs.BrokerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every kind of request copygate sends to Alpaca, sent once, each checked against Alpaca's OpenAPI
 * document (by the base class after the test): the list below is the adapter's and the feed's whole
 * REST vocabulary, but for the feed's {@code GET /v2/orders/{id}?nested=true} (a replacement or a leg
 * the stream announced), which {@link AlpacaAccountFeedTest} sends and checks the same way.
 */
class AlpacaSpecContractTest extends AlpacaSandboxTestBase {

    @Test
    void everyRequestKindCopygateSendsIsOneTheDocumentAllows() {
        BrokerSpec.load(AlpacaTestSupport.SPEC); // without the document this test is skipped, saying why
        Fixture f = newAccount("1000000");
        sandbox.setRateLimit(f.name(), 0);
        sandbox.setPrice("AAPL", d("190"));
        sandbox.setPrice("ETH/USD", d("3000"));
        sandbox.setPosition(f.name(), "AAPL", d("100"), d("180"));
        // orders of every shape
        adapter.place(buy("AAPL", "1").build(), f.account());
        CopyOrder limit = buy("AAPL", "2").limit("180").tif(TimeInForce.GTC).build();
        adapter.place(limit, f.account());
        adapter.place(buy("AAPL", "1").stop("200").build(), f.account());
        adapter.place(sell("AAPL", "1").stopLimit("170", "169.5").tif(TimeInForce.FOK).build(), f.account());
        adapter.place(buy("AAPL", "0.25").build(), f.account());
        adapter.placeNotional(buy("AAPL", "1").build(), d("25.5"), f.account());
        adapter.place(buy("AAPL", "3").limit("189").tif(TimeInForce.GTC).bracket("180", "179.5", "200").build(), f.account());
        adapter.place(sell("AAPL", "5").limit("210").tif(TimeInForce.GTC).bracket("185", null, "210").build(), f.account());
        adapter.place(buy("AAPL", "2").bracket(null, null, "220").build(), f.account());
        adapter.place(buy("X", "0.5").instrument(Instrument.crypto("ETH", "USD")).tif(TimeInForce.IOC).build(), f.account());
        // lookups, changes, balances
        adapter.findByClientOrderId(limit, f.account());
        CopyOrder modify = buy("AAPL", "3").limit("181").tif(TimeInForce.GTC).modifyOf(limit.id()).build();
        adapter.modify(modify, f.account());
        adapter.cancel(buy("AAPL", "3").cancelOf(limit.id()).build(), f.account()); // follows replaced_by
        adapter.account(f.account());
        adapter.positions(f.account());
        // the master feed's reads, with more than one page
        for (int i = 0; i < 501; i++) {
            sandbox.placeAsHuman(f.name(), "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\","
                    + "\"limit_price\":\"100\",\"time_in_force\":\"day\"}");
        }
        AlpacaAccountFeed feed = new AlpacaAccountFeedFactory(AlpacaTestSupport.http(Duration.ofSeconds(5)),
                new AlpacaFeedSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                        Duration.ofSeconds(60), Duration.ofHours(1))).open(
                AlpacaTestSupport.account(sandbox, f.sandboxAccount(), "feed", "poll"));
        feed.start(new AccountFeedListener() {
            @Override
            public void onSignal(Signal signal) {
            }

            @Override
            public void onFill(Fill fill) {
            }
        });
        feed.poll();

        Set<String> kinds = new TreeSet<>();
        for (RecordedRequest r : sandbox.requests()) {
            if (r.pathAndQuery().startsWith("/v2/")) {
                kinds.add(r.method() + " " + r.pathAndQuery()
                        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}")
                        .replaceAll("=[^&]*", "="));
            }
        }
        assertEquals(new TreeSet<>(List.of(
                "DELETE /v2/orders/{id}",
                "GET /v2/account",
                "GET /v2/orders/{id}",
                "GET /v2/orders:by_client_order_id?client_order_id=",
                "GET /v2/orders?status=&after=&direction=&nested=&limit=",
                "GET /v2/orders?status=&after_order_id=&direction=&nested=&limit=",
                "GET /v2/orders?status=&direction=&nested=&limit=",
                "GET /v2/positions",
                "PATCH /v2/orders/{id}",
                "POST /v2/orders")), kinds);
        assertEquals(10, requests("POST", "/v2/orders"));
    }
}
