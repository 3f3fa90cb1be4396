package io.copygate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.Gateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.main.Main;

/**
 * The real gateway — real routes from routes/, real config/application.properties and
 * instruments.yaml — started in this JVM on free loopback ports, with a test's own gateway.yaml.
 */
public final class TestGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Main main;
    private final int port;
    private final Path configDir;

    private TestGateway(Main main, int port, Path configDir) {
        this.main = main;
        this.port = port;
        this.configDir = configDir;
    }

    /**
     * Starts a gateway on {@code db} with {@code gatewayYaml} as its config/gateway.yaml; {@code overrides}
     * may fix ports (e.g. {@code copygate.http.port} when another process must know it in advance).
     */
    public static TestGateway start(TestDatabase db, String gatewayYaml, Map<String, String> overrides) {
        try {
            return start(db, writeConfig(gatewayYaml), overrides);
        } catch (IOException e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    /** Starts a gateway on a config folder made by {@link #writeConfig} (e.g. after {@link SeededAccounts} used its key). */
    public static TestGateway start(TestDatabase db, Path configDir, Map<String, String> overrides) {
        try {
            int port = overrides.containsKey("copygate.http.port")
                    ? Integer.parseInt(overrides.get("copygate.http.port")) : freePort();
            Map<String, String> props = new HashMap<>(db.gatewayProperties());
            props.putAll(baseProperties(configDir, port));
            props.putAll(overrides);
            Main main = Gateway.create(configDir, props);
            main.start();
            TestGateway gw = new TestGateway(main, port, configDir);
            // 401: the API answers, behind an api token (copygate.api.token-sha256)
            gw.await("gateway answers HTTP", Duration.ofSeconds(30), () -> {
                int status = gw.get("/api/signals?limit=1").status();
                return status == 200 || status == 401;
            });
            return gw;
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    /** Properties every test gateway needs: free ports, a private master key, a fast retry schedule. */
    public static Map<String, String> baseProperties(Path configDir, int port) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put("copygate.http.host", "127.0.0.1");
        props.put("copygate.http.port", String.valueOf(port));
        props.put("copygate.management.port", String.valueOf(freePort()));
        // 0: the dial-out server binds any free port itself (no pick-then-bind race); NinjaTrader tests set theirs
        props.put("copygate.bridge.ws-port", "0");
        props.put("copygate.master-key-file", configDir.resolve("master.key").toString());
        props.put("copygate.delivery.retry-schedule", "100ms,200ms,300ms");
        props.put("copygate.broker.request-timeout-ms", "500");
        // scheduled reconciliation runs only in the tests about it (ReconciliationTest turns it on)
        props.put("copygate.reconcile.interval", "0");
        return props;
    }

    public static Path writeConfig(String gatewayYaml) throws IOException {
        Path dir = Files.createTempDirectory("copygate-config");
        Files.copy(Path.of("config/application.properties"), dir.resolve("application.properties"));
        Files.copy(Path.of("config/instruments.yaml"), dir.resolve("instruments.yaml"));
        Files.writeString(dir.resolve("gateway.yaml"), gatewayYaml);
        return dir;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path configDir() {
        return configDir;
    }

    /** The running gateway's Camel context, for tests that look at its beans (never to change them). */
    public org.apache.camel.CamelContext camel() {
        return main.getCamelContext();
    }

    /** An HTTP answer: status and the body, parsed when it is JSON. */
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        /** A response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Reply post(String path, String body, String contentType) {
        return post(path, body, Map.of("Content-Type", contentType));
    }

    public Reply post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Any method, e.g. PUT, with headers (an Authorization, an X-Copygate-Actor). */
    public Reply send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
