package io.copygate.sim.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import io.copygate.specs.BrokerSpec;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's answers have the shape Alpaca's OpenAPI document gives them (Order, Account,
 * Position schemas), so code written against the sandbox reads real Alpaca answers too.
 */
class AlpacaSandboxResponsesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AlpacaSandbox sandbox;
    private static OpenApiInteractionValidator validator;

    @BeforeAll
    static void start() {
        BrokerSpec.load("alpaca/trading-api.openapi.yaml"); // skips (or fails under COPYGATE_REQUIRE_SPECS) without the document
        validator = OpenApiInteractionValidator.createForSpecificationUrl(
                BrokerSpec.specsDir().resolve("alpaca/trading-api.openapi.yaml").toUri().toString()).build();
        sandbox = new AlpacaSandbox(2);
        sandbox.start(0);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static void assertDocumented(SandboxAccount a, String method, String path, String body, String specPath) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("APCA-API-KEY-ID", a.keyId()).header("APCA-API-SECRET-KEY", a.secretKey())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        ValidationReport report = validator.validateResponse(specPath, Request.Method.valueOf(method),
                SimpleResponse.Builder.status(200).withContentType("application/json").withBody(r.body()).build());
        List<String> errors = report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).toList();
        if (!errors.isEmpty()) {
            fail(method + " " + path + " answered outside the document:\n  " + String.join("\n  ", errors) + "\n" + r.body());
        }
    }

    @Test
    void ordersAccountsAndPositionsHaveAlpacasDocumentedShape() throws Exception {
        SandboxAccount a = sandbox.createAccount("shape", new BigDecimal("100000"));
        sandbox.setPrice("AAPL", new BigDecimal("190"));
        sandbox.setPrice("ETH/USD", new BigDecimal("3000"));
        String bracket = "{\"symbol\":\"AAPL\",\"qty\":\"2\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"189\","
                + "\"time_in_force\":\"gtc\",\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"200\"},"
                + "\"stop_loss\":{\"stop_price\":\"180\",\"limit_price\":\"179.5\"},\"client_order_id\":\"shape-1\"}";

        assertDocumented(a, "POST", "/v2/orders", bracket, "/v2/orders");
        assertDocumented(a, "POST", "/v2/orders",
                "{\"symbol\":\"ETH/USD\",\"notional\":\"150\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"gtc\"}", "/v2/orders");
        assertDocumented(a, "POST", "/v2/orders",
                "{\"symbol\":\"AAPL\",\"qty\":\"3\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}", "/v2/orders");
        assertDocumented(a, "GET", "/v2/orders?status=all&nested=true", null, "/v2/orders");
        assertDocumented(a, "GET", "/v2/orders:by_client_order_id?client_order_id=shape-1", null, "/v2/orders:by_client_order_id");
        String id = sandbox.orderByClientId(a.name(), "shape-1").path("id").asText();
        assertDocumented(a, "PATCH", "/v2/orders/" + id, "{\"limit_price\":\"188\"}", "/v2/orders/" + id);
        assertDocumented(a, "GET", "/v2/account", null, "/v2/account");
        assertDocumented(a, "GET", "/v2/positions", null, "/v2/positions");
    }
}
