package io.copygate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.testing.Fixtures;
import io.copygate.testing.TestDatabase;
import io.copygate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The YAML-only webhook source in docs/writing-routes.md, loaded from the doc itself, works as written. */
class WritingRoutesDocTest {

    @Test
    void theDocumentedPartnerSourceAcceptsAnAlertWithoutAnyJava() throws Exception {
        String doc = Files.readString(Path.of("docs/writing-routes.md"));
        Matcher m = Pattern.compile("```yaml\\n(- rest:.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "the doc's first YAML example");
        Path routes = Files.createTempDirectory("doc-routes");
        Files.writeString(routes.resolve("webhook-partner.yaml"), m.group(1));

        try (TestDatabase db = TestDatabase.postgres();
             TestGateway gw = TestGateway.start(db, Fixtures.fourFollowers(), Map.of("camel.main.routes-include-pattern",
                     "file:routes/**/*.yaml,file:" + routes.toAbsolutePath() + "/*.yaml"))) {
            TestGateway.Reply r = gw.post("/webhooks/partner", "{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"price\":200}",
                    Map.of("Content-Type", "application/json", "X-Partner-Token", Fixtures.TOKEN));
            assertEquals(202, r.status(), r.body());
            String id = r.json().get("signalId").asText();
            gw.await("copied", Duration.ofSeconds(10), () ->
                    db.count("SELECT count(*) FROM copy_orders WHERE signal_id = ? AND state = 'acked'", id) == 3);
            assertEquals(404, gw.post("/webhooks/partner", "{}", Map.of("X-Partner-Token", "wrong")).status());
        }
    }
}
