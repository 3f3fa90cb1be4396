package io.copygate.sim;

/**
 * A local server that speaks one broker's public API (the subset copygate uses) as the broker
 * documents it: auth, error shapes, rate-limit answers, duplicate client-order-id rejects, fills
 * and stream events. Used by paper mode, the demo, the tests and the benchmarks; started on its
 * own with {@code java -jar copygate.jar sandbox <name> --port N}.
 */
public interface Sandbox extends AutoCloseable {

    /** The broker name, as in {@code sandbox <name>}. */
    String name();

    /** Starts listening on loopback; port 0 picks a free port. Returns the port. */
    int start(int port);

    /** The base URL clients use, e.g. {@code http://127.0.0.1:PORT}. */
    String baseUrl();

    @Override
    void close();
}
