package io.copygate.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/** Starting and stopping a sandbox's Vert.x server on loopback, the same way for every sandbox. */
public final class VertxServers {
    private VertxServers() {
    }

    /** Listens on 127.0.0.1 ({@code port} 0 = any free port) and returns the port; closes Vert.x if it cannot. */
    public static int listen(Vertx vertx, HttpServer server, int port, String sandbox) {
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException(sandbox + " sandbox cannot listen on " + port + ": " + e.getMessage(), e);
        }
        return server.actualPort();
    }

    /** Closes Vert.x, waiting up to 10 s; a sandbox closing anyway ignores a slow close. */
    public static void close(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
