package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real add-on running in {@code CopygateBridgeHost.exe} over the NinjaTrader stub, on a free loopback
 * port: started for a test class, stopped (and started again) by tests, its data folder kept across
 * restarts like a trader's. {@link #stub} drives the stub as a trader or the market would; {@link #get}
 * reads the add-on's contract over HTTP (listen mode only: in dial-out mode the port serves only /_stub/).
 */
final class BridgeHost implements AutoCloseable {
    private static final ObjectMapper JSON = NinjaTraderOrderMapper.JSON;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> args;
    private final String prefix;
    private final String token;
    private final Path log;
    private Process process;

    private BridgeHost(List<String> args, String prefix, String token, Path log) {
        this.args = args;
        this.prefix = prefix;
        this.token = token;
        this.log = log;
    }

    /**
     * @param options add-on settings beyond prefix, token and data folder, e.g. {@code --mode DialOut}
     */
    static BridgeHost start(String token, int port, List<String> options) throws IOException {
        BridgeBuild.requireHost();
        String prefix = "http://127.0.0.1:" + port + "/";
        Path data = Files.createTempDirectory("ninjatrader-data");
        List<String> args = new ArrayList<>(List.of("mono", "--debug", BridgeBuild.HOST.toString(), "--prefix", prefix,
                "--token", token, "--data-dir", data.toString()));
        args.addAll(options);
        BridgeHost host = new BridgeHost(args, prefix, token, Files.createTempFile("ninjatrader-host", ".log"));
        host.start();
        return host;
    }

    /** Starts (again): same port, same settings, same data folder; the stub's accounts start empty. */
    void start() throws IOException {
        process = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the add-on host did not report READY within 30 s; its log: " + log, e);
        }
        if (first == null || !first.startsWith("READY")) {
            process.destroyForcibly();
            throw new IOException("the add-on host did not start: " + first + "\n" + Files.readString(log));
        }
    }

    /** Stops the add-on as NinjaTrader closing would (SIGTERM; it finishes cleanly). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    String baseUrl() {
        return prefix.substring(0, prefix.length() - 1);
    }

    /** {@code POST /_stub/<what>}: the stub's control surface (prices, a trader's orders, rejections). */
    JsonNode stub(String what, String body) {
        Reply r = send("POST", "/_stub/" + what, body);
        if (r.status() != 200) {
            throw new AssertionError("/_stub/" + what + " answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** A request to the add-on's own contract (listen mode). */
    Reply get(String path) {
        return send("GET", path, null);
    }

    record Reply(int status, JsonNode body) {
    }

    private Reply send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " to the add-on host failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
