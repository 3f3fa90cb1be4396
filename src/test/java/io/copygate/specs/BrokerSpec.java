package io.copygate.specs;

import static org.junit.jupiter.api.Assertions.fail;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A broker's official OpenAPI document, read from {@code ../shared/specs} (system property
 * {@code copygate.specs} or env {@code COPYGATE_SPECS}), for checking that the requests an adapter
 * sends are ones the broker documents. The documents are not part of the project: where they are
 * absent (a user's clone) the test is skipped with a message, unless {@code COPYGATE_REQUIRE_SPECS=1}
 * (set by CI), which makes a missing document a failure.
 */
public final class BrokerSpec {
    private static final Map<String, OpenApiInteractionValidator> CACHE = new ConcurrentHashMap<>();

    private final OpenApiInteractionValidator validator;
    private final String name;

    private BrokerSpec(String name, OpenApiInteractionValidator validator) {
        this.name = name;
        this.validator = validator;
    }

    /** The document at {@code relativePath} under the specs folder, e.g. {@code alpaca/trading-api.openapi.yaml}. */
    public static BrokerSpec load(String relativePath) {
        Path file = specsDir().resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            String message = "broker API document " + file.toAbsolutePath().normalize() + " is absent; "
                    + "set copygate.specs / COPYGATE_SPECS to the folder holding the brokers' specs";
            if ("1".equals(System.getenv("COPYGATE_REQUIRE_SPECS"))) {
                fail(message + " (COPYGATE_REQUIRE_SPECS=1: a missing spec fails)");
            }
            Assumptions.abort(message + "; skipping the spec check");
        }
        OpenApiInteractionValidator v = CACHE.computeIfAbsent(file.toString(), f ->
                OpenApiInteractionValidator.createForSpecificationUrl(Path.of(f).toUri().toString()).build());
        return new BrokerSpec(relativePath, v);
    }

    public static Path specsDir() {
        String dir = System.getProperty("copygate.specs");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("COPYGATE_SPECS");
        }
        return Path.of(dir == null || dir.isBlank() ? "../shared/specs" : dir);
    }

    /** The validation problems of one request (empty when the document allows it). */
    public List<String> problems(String method, String pathAndQuery, Map<String, String> headers, String body) {
        String path = pathAndQuery;
        String query = null;
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            query = pathAndQuery.substring(q + 1);
        }
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase()), path);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                b.withQueryParam(k, v);
            }
        }
        if (headers != null) {
            headers.forEach(b::withHeader);
        }
        if (body != null) {
            b.withBody(body);
        }
        ValidationReport report = validator.validateRequest(b.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage())
                .collect(Collectors.toList());
    }

    /** Fails the test with every problem when the request is not one the document allows. */
    public void assertAllows(String method, String pathAndQuery, Map<String, String> headers, String body) {
        List<String> problems = problems(method, pathAndQuery, headers, body);
        if (!problems.isEmpty()) {
            fail(name + " does not allow " + method + " " + pathAndQuery + " " + (body == null ? "" : body)
                    + ":\n  " + String.join("\n  ", problems));
        }
    }
}
