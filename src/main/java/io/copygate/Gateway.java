package io.copygate;

import io.copygate.security.WebhookTokens;
import io.copygate.sim.Sandbox;
import io.copygate.sim.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.main.Main;

/**
 * copygate's entry point.
 * <pre>
 *   java -jar copygate.jar [--config DIR]                 run the gateway (default config/)
 *   java -jar copygate.jar hash-token TOKEN               print the SHA-256 to put in gateway.yaml
 *   java -jar copygate.jar sandbox NAME [--port N]        run a broker sandbox on loopback
 * </pre>
 */
public final class Gateway {
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private Gateway() {
    }

    public static void main(String[] args) throws Exception {
        // The JDK HTTP client completes every async answer on the common pool; with fewer than 3 cores
        // the JDK replaces that pool by a NEW THREAD PER ANSWER, so a 500-follower fan-out would start
        // 500 threads. Two common-pool workers only hand each answer on to BrokerHttp's own threads.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        if (args.length > 0 && "hash-token".equals(args[0])) {
            if (args.length != 2) {
                usage("hash-token needs exactly one TOKEN");
            }
            System.out.println(WebhookTokens.sha256(args[1]));
            return;
        }
        if (args.length > 0 && "sandbox".equals(args[0])) {
            runSandbox(args);
            return;
        }
        Path config = Path.of("config");
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if ("--help".equals(args[i]) || "-h".equals(args[i])) {
                usage(null);
            } else {
                usage("unknown argument " + args[i]);
            }
        }
        if (!Files.isRegularFile(config.resolve("application.properties"))) {
            usage("no application.properties in " + config.toAbsolutePath()
                    + " (run from the copygate folder, or pass --config DIR)");
        }
        create(config, Map.of()).run();
    }

    /** A gateway on the given config folder, properties overridden by {@code overrides}; not started. */
    public static Main create(Path configDir, Map<String, String> overrides) {
        Main main = new Main(); // no main class: package scanning would find GatewayConfiguration a second time
        main.configure().addConfiguration(GatewayConfiguration.class);
        main.setPropertyPlaceholderLocations("file:" + configDir.resolve("application.properties").toAbsolutePath());
        main.addOverrideProperty("copygate.config-dir", configDir.toString());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    private static void runSandbox(String[] args) throws InterruptedException {
        if (args.length < 2) {
            usage("sandbox needs a NAME: " + Sandboxes.names());
        }
        int port = 0;
        for (int i = 2; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                usage("unknown argument " + args[i]);
            }
        }
        Sandbox sandbox;
        try {
            sandbox = Sandboxes.create(args[1]);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        sandbox.start(port);
        System.out.println(sandbox.name() + " sandbox listening on " + sandbox.baseUrl() + " (Ctrl-C stops it)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("copygate: " + problem);
        }
        System.err.println("usage: java -jar copygate.jar [--config DIR]\n"
                + "       java -jar copygate.jar hash-token TOKEN\n"
                + "       java -jar copygate.jar sandbox NAME [--port N]");
        System.exit(problem == null ? 0 : 2);
    }
}
