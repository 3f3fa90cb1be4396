package io.copygate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.security.WebhookTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The issue #5 benchmark (docs/benchmarks.md); not a test, run by bench/run.sh. The gateway runs as the
 * packaged jar in its own process on PostgreSQL, the Alpaca sandbox as the jar's {@code sandbox alpaca}
 * command in a third process, configured over its /sandbox HTTP controls. Latency is measured on the
 * wall clock of this one machine: from just before the master's webhook is sent to the sandbox's
 * arrival timestamp of the last follower order.
 */
public final class FanOutBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int[] FANOUTS = {1, 10, 100, 500, 1000};
    /** -Dbench.fanouts=1,500 measures only those; -Dbench.jfr=FILE records the gateway with Java Flight Recorder. */
    private static final int[] MEASURED = java.util.Arrays.stream(System.getProperty("bench.fanouts", "1,10,100,500,1000").split(","))
            .mapToInt(v -> Integer.parseInt(v.trim())).toArray();
    private static final String PG = System.getProperty("bench.pg", "jdbc:postgresql://127.0.0.1:5432/");

    private final String sandbox;
    private final String gateway;
    private final String db;
    private final long gatewayPid;

    private FanOutBenchmark(String sandbox, String gateway, String db, long gatewayPid) {
        this.sandbox = sandbox;
        this.gateway = gateway;
        this.db = db;
        this.gatewayPid = gatewayPid;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/copygate.jar");
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(out);
        int sandboxPort = freePort();
        Process sandboxProcess = new ProcessBuilder("java", "-jar", jar.toString(), "sandbox", "alpaca", "--port", String.valueOf(sandboxPort))
                .redirectErrorStream(true).redirectOutput(out.resolve("sandbox.log").toFile()).start();
        Process gatewayProcess = null;
        try {
            String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
            waitFor(sandboxUrl + "/sandbox/requests?x", Duration.ofSeconds(30));
            post(sandboxUrl + "/sandbox/config", "{\"rate_limit_per_minute\":0,\"record_requests\":true,\"record_capacity\":3000000}");
            post(sandboxUrl + "/sandbox/prices", "{\"symbol\":\"AAPL\",\"price\":\"10\"}");
            post(sandboxUrl + "/sandbox/accounts", "{\"prefix\":\"f\",\"count\":1000,\"cash\":\"1000000\"}");

            String dbName = "copygate_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", ""); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + dbName);
            }
            Path config = Files.createTempDirectory("copygate-bench");
            Files.copy(Path.of("config/application.properties"), config.resolve("application.properties"));
            Files.copy(Path.of("config/instruments.yaml"), config.resolve("instruments.yaml"));
            Map<String, String> env = new HashMap<>();
            Files.writeString(config.resolve("gateway.yaml"), gatewayYaml(sandboxUrl, env));
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("java"));
            if (System.getProperty("bench.jfr") != null) {
                command.add("-XX:StartFlightRecording=filename=" + System.getProperty("bench.jfr") + ",settings=profile");
            }
            command.addAll(List.of("-Dcopygate.http.port=" + port, "-Dcopygate.http.host=127.0.0.1",
                    "-Dcopygate.management.port=" + freePort(), "-Dcopygate.db.url=" + PG + dbName, "-Dcopygate.db.user=postgres",
                    "-Dcopygate.db.password=", "-Dcopygate.master-key-file=" + config.resolve("master.key"),
                    "-jar", jar.toString(), "--config", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(out.resolve("gateway.log").toFile());
            pb.environment().putAll(env);
            pb.environment().put("COPYGATE_LOG_LEVEL", System.getProperty("bench.log-level", "WARN"));
            gatewayProcess = pb.start();
            String gatewayUrl = "http://127.0.0.1:" + port;
            waitFor(gatewayUrl + "/api/signals?limit=1", Duration.ofSeconds(90));
            FanOutBenchmark bench = new FanOutBenchmark(sandboxUrl, gatewayUrl, PG + dbName, gatewayProcess.pid());
            bench.run(out);
        } finally {
            if (gatewayProcess != null) {
                gatewayProcess.destroy();
                gatewayProcess.waitFor();
            }
            sandboxProcess.destroy();
            sandboxProcess.waitFor();
        }
    }

    /** Masters m1 … m1000 (webhook accounts: no equity to take a ratio of) linked to followers f1 … fN with default rules (× 1). */
    private static String gatewayYaml(String sandboxUrl, Map<String, String> env) {
        StringBuilder y = new StringBuilder("tenants: [{id: t1}]\naccounts:\n");
        for (int n : FANOUTS) {
            y.append("  - {id: m").append(n).append(", tenant: t1, broker: webhook, webhookTokens: [{sha256: ")
                    .append(WebhookTokens.sha256(token(n))).append("}]}\n");
        }
        for (int i = 1; i <= 1000; i++) {
            env.put("BF" + i + "_KEY", "PKF" + i);
            env.put("BF" + i + "_SECRET", "sandbox-secret-f" + i);
            // rateLimitPerMinute 0: every follower takes thousands of orders in minutes here, far past Alpaca's
            // real 200/min; the benchmark measures the gateway, not Alpaca's budget
            y.append("  - {id: f").append(i).append(", tenant: t1, broker: alpaca, settings: {baseUrl: \"").append(sandboxUrl)
                    .append("\", rateLimitPerMinute: \"0\"}, credentials: {keyId: \"${env:BF").append(i)
                    .append("_KEY}\", secretKey: \"${env:BF").append(i).append("_SECRET}\"}}\n");
        }
        y.append("links:\n");
        for (int n : FANOUTS) {
            for (int i = 1; i <= n; i++) {
                y.append("  - {id: l").append(n).append('-').append(i).append(", tenant: t1, master: m").append(n)
                        .append(", follower: f").append(i).append("}\n");
            }
        }
        return y.toString();
    }

    private static String token(int n) {
        return "bench-token-m" + n;
    }

    private void run(Path out) throws Exception {
        ObjectNode report = JSON.createObjectNode();
        report.put("started", Instant.now().toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("loadavg_at_start", Files.readString(Path.of("/proc/loadavg")).trim()); // other work on the machine
        // warm-up: JIT, connection pools, the equity cache
        for (int k = 0; k < 200; k++) {
            fanOut(10);
        }
        floor(10, 200);
        clearRequests();
        ArrayNode latency = report.putArray("fanout_latency_ms");
        long cpuBefore = cpuTicks();
        long wallBefore = System.nanoTime();
        for (int n : MEASURED) {
            int reps = n >= 500 ? 40 : n == 100 ? 100 : 200;
            List<Double> gw = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                gw.add(fanOut(n));
            }
            List<Double> floor = floor(n, reps);
            ObjectNode row = latency.addObject();
            row.put("followers", n).put("signals", reps);
            stats(row.putObject("gateway"), gw);
            stats(row.putObject("floor"), floor);
            row.put("p99_ratio_gateway_to_floor", round(pct(gw, 99) / pct(floor, 99)));
            System.out.println(row);
        }
        report.put("fanout_cpu_cores_avg", round((cpuTicks() - cpuBefore) / 100.0 / ((System.nanoTime() - wallBefore) / 1e9)));
        ArrayNode throughput = report.putArray("throughput");
        if (!"false".equals(System.getProperty("bench.throughput"))) {
            throughput.add(throughput(1, 10_000));
            throughput.add(throughput(10, 2_000));
        }
        report.put("loadavg_at_end", Files.readString(Path.of("/proc/loadavg")).trim());
        report.put("gateway_peak_rss_mib", peakRssKb() / 1024);
        report.put("gateway_threads_at_end", threads());
        Files.writeString(out.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.writeString(out.resolve("report.md"), table(report));
        System.out.println(table(report));
    }

    /** One webhook to master mN; returns ms from just before sending to the last follower order's arrival. */
    private double fanOut(int n) throws Exception {
        String id = UUID.randomUUID().toString();
        Instant t0 = Instant.now();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/webhooks/tradingview/" + token(n)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"price\":10,\"id\":\"" + id + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
        }
        String signalId = JSON.readTree(r.body()).path("signalId").asText();
        List<String> ids = waitForAcks(signalId, n);
        return ms(t0, lastArrival(ids));
    }

    /** The same n orders sent by a bare async JDK client straight to the sandbox, all in flight at once. */
    private List<Double> floor(int n, int reps) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            List<String> ids = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            Instant t0 = Instant.now();
            for (int i = 1; i <= n; i++) {
                String cid = "floor" + UUID.randomUUID().toString().replace("-", "").substring(0, 13);
                ids.add(cid);
                sent.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox + "/v2/orders"))
                        .header("APCA-API-KEY-ID", "PKF" + i).header("APCA-API-SECRET-KEY", "sandbox-secret-f" + i)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\","
                                + "\"time_in_force\":\"day\",\"client_order_id\":\"" + cid + "\"}")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
            for (CompletableFuture<HttpResponse<String>> s : sent) {
                if (s.join().statusCode() != 200) {
                    throw new IllegalStateException("floor order answered " + s.join().statusCode() + ": " + s.join().body());
                }
            }
            samples.add(ms(t0, lastArrival(ids)));
        }
        return samples;
    }

    /** Signals per second accepted by the webhook and fully dispatched (every follower order acked, journaled in PostgreSQL). */
    private ObjectNode throughput(int followers, int signals) throws Exception {
        long ackedBefore = count("SELECT count(*) FROM copy_orders WHERE state = 'acked'");
        long cpuBefore = cpuTicks();
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        long start = System.nanoTime();
        for (int k = 0; k < signals; k++) {
            inFlight.acquire();
            CompletableFuture<HttpResponse<String>> f = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "/webhooks/tradingview/" + token(followers)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ticker\":\"AAPL\",\"action\":\"buy\",\"quantity\":1,\"price\":10,\"id\":\""
                            + UUID.randomUUID() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            f.whenComplete((r, e) -> inFlight.release());
            sent.add(f);
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
        double acceptedSeconds = (System.nanoTime() - start) / 1e9;
        long expected = ackedBefore + (long) signals * followers;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (count("SELECT count(*) FROM copy_orders WHERE state = 'acked'") < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("throughput run did not finish dispatching");
            }
            Thread.sleep(20);
        }
        double dispatchedSeconds = (System.nanoTime() - start) / 1e9;
        long rejected = sent.stream().filter(f -> f.join().statusCode() != 202).count();
        ObjectNode row = JSON.createObjectNode();
        row.put("followers", followers).put("signals", signals).put("webhook_non_202", rejected)
                .put("accepted_per_s", round(signals / acceptedSeconds))
                .put("dispatched_per_s", round(signals / dispatchedSeconds))
                .put("orders_per_s", round((double) signals * followers / dispatchedSeconds))
                .put("cpu_cores_avg", round((cpuTicks() - cpuBefore) / 100.0 / dispatchedSeconds));
        System.out.println(row);
        return row;
    }

    private List<String> waitForAcks(String signalId, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<String> ids = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(db, "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, state FROM copy_orders WHERE signal_id = '" + signalId + "'")) {
                boolean all = true;
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    all &= "acked".equals(rs.getString(2));
                }
                if (all && ids.size() == n) {
                    return ids;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("signal " + signalId + " not fully acked");
            }
            Thread.sleep(2);
        }
    }

    /** The sandbox's arrival time of the last of these client order ids (its request log). */
    private Instant lastArrival(List<String> clientOrderIds) throws Exception {
        JsonNode requests = JSON.readTree(get(sandbox + "/sandbox/requests"));
        Map<String, Instant> arrivals = new HashMap<>();
        for (JsonNode r : requests) {
            if ("POST".equals(r.path("method").asText()) && r.path("path").asText().equals("/v2/orders")) {
                JsonNode body = JSON.readTree(r.path("body").asText());
                arrivals.putIfAbsent(body.path("client_order_id").asText(), Instant.parse(r.path("received_at").asText()));
            }
        }
        Instant last = Instant.MIN;
        for (String id : clientOrderIds) {
            Instant at = arrivals.get(id);
            if (at == null) {
                throw new IllegalStateException("the sandbox did not record order " + id);
            }
            last = at.isAfter(last) ? at : last;
        }
        clearRequests();
        return last;
    }

    private void clearRequests() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/requests")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long cpuTicks() throws IOException {
        String[] f = Files.readString(Path.of("/proc/" + gatewayPid + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, clock ticks (100/s)
    }

    private long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + gatewayPid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + gatewayPid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void stats(ObjectNode o, List<Double> samples) {
        o.put("p50", round(pct(samples, 50))).put("p95", round(pct(samples, 95))).put("p99", round(pct(samples, 99)))
                .put("max", round(Collections.max(samples)));
    }

    private static double pct(List<Double> samples, double p) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String table(JsonNode report) {
        StringBuilder t = new StringBuilder("| followers | signals | gateway p50 | p95 | p99 | max | floor p50 | p95 | p99 | max | p99 gateway/floor |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode r : report.path("fanout_latency_ms")) {
            JsonNode g = r.path("gateway");
            JsonNode f = r.path("floor");
            t.append("| ").append(r.path("followers")).append(" | ").append(r.path("signals")).append(" | ")
                    .append(g.path("p50")).append(" | ").append(g.path("p95")).append(" | ").append(g.path("p99")).append(" | ").append(g.path("max"))
                    .append(" | ").append(f.path("p50")).append(" | ").append(f.path("p95")).append(" | ").append(f.path("p99")).append(" | ").append(f.path("max"))
                    .append(" | ").append(r.path("p99_ratio_gateway_to_floor")).append(" |\n");
        }
        t.append("\n| followers | signals | accepted/s | dispatched/s | follower orders/s | gateway CPU (cores) |\n|---|---|---|---|---|---|\n");
        for (JsonNode r : report.path("throughput")) {
            t.append("| ").append(r.path("followers")).append(" | ").append(r.path("signals")).append(" | ").append(r.path("accepted_per_s"))
                    .append(" | ").append(r.path("dispatched_per_s")).append(" | ").append(r.path("orders_per_s")).append(" | ")
                    .append(r.path("cpu_cores_avg")).append(" |\n");
        }
        t.append("\nload average at start / end: ").append(report.path("loadavg_at_start").asText()).append(" / ")
                .append(report.path("loadavg_at_end").asText()).append('\n');
        t.append("\ngateway peak RSS ").append(report.path("gateway_peak_rss_mib")).append(" MiB; average CPU during the latency runs ")
                .append(report.path("fanout_cpu_cores_avg")).append(" cores; threads at the end ").append(report.path("gateway_threads_at_end")).append('\n');
        return t.toString();
    }

    private static void post(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void waitFor(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(url + " did not answer within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
