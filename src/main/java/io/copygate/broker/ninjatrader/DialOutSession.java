package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.OutcomeUnknownException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One add-on's dial-out WebSocket: sends commands {@code {"requestId","method","path","body"}} and
 * matches the answers {@code {"requestId","status","body"}} by id (they may come back in any order).
 * No answer in time, or the connection lost while waiting, is an unknown outcome for a request that may
 * have placed something: the retry looks the order up first.
 */
final class DialOutSession {

    /** The connection underneath (a Vert.x server WebSocket in the gateway; anything in a test). */
    interface Link {
        void send(String text);

        void close(String reason);
    }

    private final String token;
    private final Link link;
    private final String peer;
    private final Map<String, CompletableFuture<BridgeReply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile String closedBecause;

    DialOutSession(String token, Link link, String peer) {
        this.token = token;
        this.link = link;
        this.peer = peer;
    }

    String token() {
        return token;
    }

    String peer() {
        return peer;
    }

    BridgeReply call(BridgeCall call, Duration timeout) {
        String requestId = "g-" + sequence.incrementAndGet();
        CompletableFuture<BridgeReply> answer = new CompletableFuture<>();
        pending.put(requestId, answer);
        try {
            if (closedBecause != null) {
                throw new BrokerUnavailableException("the NinjaTrader add-on's dial-out connection is closed (" + closedBecause + ")");
            }
            ObjectNode frame = NinjaTraderOrderMapper.JSON.createObjectNode()
                    .put("requestId", requestId).put("method", call.method()).put("path", call.path());
            if (call.body() != null) {
                frame.set("body", call.body());
            }
            try {
                link.send(NinjaTraderOrderMapper.write(frame));
            } catch (RuntimeException e) {
                throw lost(call, "sending failed: " + e.getMessage(), e);
            }
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw lost(call, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw lost(call, e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw lost(call, "interrupted", e);
        } finally {
            pending.remove(requestId);
        }
    }

    /** A frame with a requestId: completes the command waiting for it (a late or unknown id is dropped). */
    void answered(JsonNode frame) {
        CompletableFuture<BridgeReply> waiting = pending.get(frame.path("requestId").asText());
        if (waiting != null) {
            waiting.complete(new BridgeReply(frame.path("status").asInt(0), frame.get("body")));
        }
    }

    /** The connection is gone: every command still waiting fails now instead of at its timeout. */
    void closed(String reason) {
        closedBecause = reason;
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("dial-out connection lost: " + reason)));
    }

    void close(String reason) {
        link.close(reason);
        closed(reason);
    }

    private static RuntimeException lost(BridgeCall call, String why, Throwable cause) {
        String message = "the NinjaTrader add-on (dial-out) gave no answer to " + call.describe() + ": " + why;
        return call.mayPlace() ? new OutcomeUnknownException(message, cause) : new BrokerUnavailableException(message, cause);
    }
}
