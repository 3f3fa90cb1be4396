package io.copygate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.security.WebhookTokens;
import io.copygate.testing.Await;
import io.copygate.testing.LoopbackBroker;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A master account's broker feed as a source, added as one YAML file: every master trade is copied to
 * the followers exactly once although the feed re-delivers every event on every poll.
 */
class AccountFeedSourceTest {

    @Test
    void everyMasterEventIsCopiedOnceWhateverTheFeedRepeats() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); LoopbackBroker broker = new LoopbackBroker()) {
            Path routes = Files.createTempDirectory("feed-routes");
            Files.writeString(routes.resolve("feed-lb-master.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: account-feed
                        routeId: feed-lb-master
                        parameters:
                          - name: account
                            value: lb-master
                    """);
            String yaml = """
                    tenants: [{id: t1}]
                    accounts:
                      - {id: lb-master, tenant: t1, broker: loopback, settings: {baseUrl: "%s"}, webhookTokens: [{sha256: %s}]}
                      - {id: p1, tenant: t1, broker: paper}
                      - {id: p2, tenant: t1, broker: paper}
                    links:
                      - {id: l1, tenant: t1, master: lb-master, follower: p1}
                      - {id: l2, tenant: t1, master: lb-master, follower: p2, rules: {multiplier: 2}}
                    """.formatted(broker.baseUrl(), WebhookTokens.sha256("unused"));
            try (TestGateway gw = TestGateway.start(db, yaml, Map.of("camel.main.routes-include-pattern",
                    "file:routes/**/*.yaml,file:" + routes.toAbsolutePath() + "/*.yaml"))) {
                broker.masterTrades("ev-1", "AAPL", "BUY", "10", "200");
                broker.masterTrades("ev-2", "MSFT", "SELL", "3", "410");
                Await.until("both master trades copied", Duration.ofSeconds(10), () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 4);
                broker.masterTrades("ev-3", "AAPL", "SELL", "10", "201");
                Await.until("the third copied", Duration.ofSeconds(10), () ->
                        db.count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") == 6);
                long polls = broker.received().size();
                Await.until("many more polls re-delivering all three events", Duration.ofSeconds(10), () ->
                        broker.received().size() > polls + 20);
                assertEquals(3, db.count("SELECT count(*) FROM signals WHERE source = 'loopback'"));
                assertEquals(6, db.count("SELECT count(*) FROM paper_orders"));
                assertEquals(0, db.count("SELECT count(*) FROM positions WHERE symbol = 'AAPL' AND quantity <> 0"),
                        "bought 10/20 and sold them again");
                assertEquals(-9, db.count("SELECT sum(quantity) FROM positions WHERE symbol = 'MSFT'"), "p1 short 3, p2 short 6");
            }
        }
    }
}
