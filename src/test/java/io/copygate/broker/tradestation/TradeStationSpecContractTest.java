package io.copygate.broker.tradestation;

import static io.copygate.broker.tradestation.TradeStationFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Fill;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.TimeInForce;
import io.copygate.sim.tradestation.RecordedRequest;
import io.copygate.specs.BrokerSpec;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every request the TradeStation adapter and feed send must be one TradeStation's v3 OpenAPI document
 * allows. The adapter and feed run a full session against the sandbox, which records each request;
 * each is then checked three ways: by the document's validator (paths, parameters, body schemas,
 * enums, lengths), by a strict field check (the document does not forbid extra properties, so a
 * misspelled field would pass the validator; here every field must be one the schema names), and
 * for the bearer token the document's security scheme requires (the validator does not check it).
 * The token request is not part of the document; it is checked against the refresh-token page.
 */
class TradeStationSpecContractTest {
    private static final String SPEC = "tradestation/v3-openapi.2026-05-09.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRequestOfAFullSessionIsOneTheDocumentAllows() throws Exception {
        BrokerSpec spec = BrokerSpec.load(SPEC);
        JsonNode document = JSON.readTree(BrokerSpec.specsDir().resolve(SPEC).toFile());
        List<RecordedRequest> sent;
        try (TradeStationFixture f = new TradeStationFixture()) {
            session(f);
            sent = f.sandbox.requests();
        }

        Set<String> covered = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (RecordedRequest r : sent) {
            if (r.path().startsWith("/sandbox/")) {
                continue;
            }
            if (r.path().equals("/oauth/token")) {
                problems.addAll(tokenRequestProblems(r));
                covered.add("POST /oauth/token");
                continue;
            }
            String operation = r.method() + " " + template(document, r.path());
            covered.add(operation);
            Map<String, String> headers = new HashMap<>(r.headers());
            spec.problems(r.method(), r.pathAndQuery(), headers, r.body().isEmpty() ? null : r.body())
                    .forEach(p -> problems.add(operation + ": " + p));
            String auth = r.headers().get("authorization");
            if (auth == null || !auth.matches("Bearer [0-9a-f]{20,}")) {
                problems.add(operation + ": no bearer token");
            }
            if (!r.body().isEmpty()) {
                JsonNode schema = requestSchema(document, r.method(), template(document, r.path()));
                undeclaredFields(document, schema, JSON.readTree(r.body()), "$")
                        .forEach(p -> problems.add(operation + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            fail("requests the TradeStation document does not allow:\n  " + String.join("\n  ", problems));
        }
        assertEquals(new TreeSet<>(List.of(
                "DELETE /v3/orderexecution/orders/{orderID}",
                "GET /v3/brokerage/accounts/{accounts}/orders",
                "GET /v3/brokerage/accounts/{accounts}/orders/{orderIds}",
                "GET /v3/brokerage/stream/accounts/{accounts}/orders",
                "POST /oauth/token",
                "POST /v3/orderexecution/orders",
                "PUT /v3/orderexecution/orders/{orderID}")), covered, "the session used every call the adapter makes");
    }

    @Test
    void theChecksCanSayNo() throws Exception {
        BrokerSpec spec = BrokerSpec.load(SPEC);
        JsonNode document = JSON.readTree(BrokerSpec.specsDir().resolve(SPEC).toFile());
        Map<String, String> headers = Map.of("content-type", "application/json", "authorization", "Bearer abc");
        String tooLong = "{\"AccountID\":\"1\",\"Symbol\":\"ESZ26\",\"Quantity\":\"1\",\"OrderType\":\"Market\","
                + "\"TradeAction\":\"BUY\",\"TimeInForce\":{\"Duration\":\"DAY\"},\"OrderConfirmID\":\"abcdefghijklmnopqrstuvw\"}";
        assertFalse(spec.problems("POST", "/v3/orderexecution/orders", headers, tooLong).isEmpty(),
                "a 23-character OrderConfirmID must be refused");
        JsonNode misspelled = JSON.readTree("{\"AccountID\":\"1\",\"Symbol\":\"ESZ26\",\"Quantity\":\"1\","
                + "\"OrderType\":\"Market\",\"TradeAction\":\"BUY\",\"TimeInForce\":{\"Duration\":\"DAY\"},"
                + "\"OrderConfirmId\":\"x\",\"OSOs\":[{\"Type\":\"BRK\",\"Orders\":[{\"Limitprice\":\"1\"}]}]}");
        List<String> undeclared = undeclaredFields(document,
                requestSchema(document, "POST", "/v3/orderexecution/orders"), misspelled, "$");
        assertEquals(List.of("$.OrderConfirmId is not a field of the schema",
                "$.OSOs[0].Orders[0].Limitprice is not a field of the schema"), undeclared);
    }

    /** Places, replaces, cancels and looks up every kind of order, and runs the stream and the poller. */
    private static void session(TradeStationFixture f) {
        f.sandbox.setPrice("ESZ26", new BigDecimal("5000"));
        RecordingListener listener = new RecordingListener();
        AccountFeed feed = new TradeStationAccountFeedFactory(f.client, f.ids).open(f.account);
        feed.start(listener);
        try {
            await("the stream", () -> listener.states.contains("live"));
            f.adapter.place(TradeStationFixture.market(Side.BUY, "2"), f.account);
            CopyOrder limit = TradeStationFixture.limit(Side.SELL, "1", "5010.5");
            f.adapter.place(limit, f.account);
            f.adapter.place(TradeStationFixture.place(Side.BUY, "1", OrderType.STOP, null, "5005", TimeInForce.GTC,
                    null), f.account);
            CopyOrder stopLimit = TradeStationFixture.place(Side.SELL, "1", OrderType.STOP_LIMIT, "4989", "4990",
                    TimeInForce.DAY, null);
            f.adapter.place(stopLimit, f.account);
            f.adapter.place(TradeStationFixture.place(Side.BUY, "1", OrderType.LIMIT, "4995", null, TimeInForce.DAY,
                    new Bracket(new BigDecimal("4990"), new BigDecimal("4989.75"), new BigDecimal("5010"))), f.account);
            f.adapter.place(TradeStationFixture.place(Side.BUY, "1", OrderType.MARKET, null, null, TimeInForce.IOC,
                    new Bracket(new BigDecimal("4990"), null, null)), f.account);
            f.adapter.modify(TradeStationFixture.modifyOf(limit, "2", OrderType.LIMIT, "5011", null), f.account);
            f.adapter.modify(TradeStationFixture.modifyOf(stopLimit, null, OrderType.STOP_LIMIT, "4988", "4989")
                    .withAttempts(1), f.account);
            f.adapter.modify(TradeStationFixture.modifyOf(stopLimit, null, OrderType.MARKET, null, null), f.account);
            f.adapter.cancel(TradeStationFixture.cancelOf(limit), f.account);
            f.adapter.findByClientOrderId(limit, f.account);
            ((TradeStationAccountFeed) feed).pollOnce();
        } finally {
            feed.close();
        }
    }

    /** The refresh-token grant: a form POST with exactly the documented fields. */
    private static List<String> tokenRequestProblems(RecordedRequest r) {
        List<String> problems = new ArrayList<>();
        if (!r.method().equals("POST")) {
            problems.add("token request is not a POST");
        }
        if (!r.headers().getOrDefault("content-type", "").startsWith("application/x-www-form-urlencoded")) {
            problems.add("token request is not form-encoded");
        }
        Map<String, String> form = Arrays.stream(r.body().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        if (!form.keySet().equals(Set.of("grant_type", "client_id", "client_secret", "refresh_token"))) {
            problems.add("token request fields " + form.keySet());
        }
        if (!"refresh_token".equals(form.get("grant_type"))) {
            problems.add("grant_type " + form.get("grant_type"));
        }
        return problems;
    }

    private static String template(JsonNode document, String path) {
        for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (path.matches(template.replaceAll("\\{[^/]+}", "[^/]+"))) {
                return template;
            }
        }
        return path + " (not in the document)";
    }

    private static JsonNode requestSchema(JsonNode document, String method, String template) {
        return document.path("paths").path(template).path(method.toLowerCase()).path("requestBody").path("content")
                .path("application/json").path("schema");
    }

    /** Fields of {@code value} that the schema does not name, recursively through objects and arrays. */
    static List<String> undeclaredFields(JsonNode document, JsonNode schema, JsonNode value, String where) {
        List<String> problems = new ArrayList<>();
        JsonNode s = resolve(document, schema);
        if (s.isMissingNode()) {
            problems.add(where + " has no schema");
            return problems;
        }
        if (value.isObject()) {
            Map<String, JsonNode> properties = properties(document, s);
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode fieldSchema = properties.get(field.getKey());
                if (fieldSchema == null) {
                    problems.add(where + "." + field.getKey() + " is not a field of the schema");
                } else {
                    problems.addAll(undeclaredFields(document, fieldSchema, field.getValue(), where + "." + field.getKey()));
                }
            }
        } else if (value.isArray() && s.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                problems.addAll(undeclaredFields(document, s.get("items"), value.get(i), where + "[" + i + "]"));
            }
        }
        return problems;
    }

    private static Map<String, JsonNode> properties(JsonNode document, JsonNode schema) {
        Map<String, JsonNode> all = new HashMap<>();
        JsonNode s = resolve(document, schema);
        s.path("properties").fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue()));
        for (JsonNode part : s.path("allOf")) {
            all.putAll(properties(document, part));
        }
        return all;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = document.at(s.get("$ref").asText().substring(1));
        }
        return s;
    }

    private static final class RecordingListener implements AccountFeedListener {
        final List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onSignal(Signal signal) {
        }

        @Override
        public void onFill(Fill fill) {
        }

        @Override
        public void onConnectionState(String state, String detail) {
            states.add(state);
        }
    }
}
