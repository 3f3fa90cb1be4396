package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Function;

/**
 * The {@code /stream} WebSocket: authenticate, listen to {@code trade_updates}, receive the account's
 * order events. Written from https://docs.alpaca.markets/docs/websocket-streaming (the older
 * "authenticate"/{@code key_id}/{@code secret_key} form and the newer "auth"/{@code key}/{@code secret}
 * form are both accepted). Like paper, it sends binary frames unless told otherwise.
 */
final class TradeUpdatesStream implements OrderDesk.TradeUpdates {
    private final Function<String, SimAccount> accountsByKey;
    private final RequestLog log;
    volatile boolean binaryFrames = true;

    TradeUpdatesStream(Function<String, SimAccount> accountsByKey, RequestLog log) {
        this.accountsByKey = accountsByKey;
        this.log = log;
    }

    void accept(ServerWebSocket ws) {
        if (!"/stream".equals(ws.path())) {
            ws.reject(404);
            return;
        }
        Connection connection = new Connection(ws);
        ws.textMessageHandler(connection::onMessage);
        ws.binaryMessageHandler(buffer -> connection.onMessage(buffer.toString()));
        ws.closeHandler(v -> connection.stopListening());
        ws.exceptionHandler(e -> connection.stopListening());
    }

    @Override
    public boolean isListened(SimAccount account) {
        return !account.listeners.isEmpty();
    }

    @Override
    public void publish(SimAccount account, ObjectNode data) {
        ObjectNode message = SimJson.object();
        message.put("stream", "trade_updates");
        message.set("data", data);
        String text = SimJson.write(message);
        for (ServerWebSocket ws : account.listeners) {
            send(ws, text);
        }
        int left = account.dropStreamAfterEvents.get();
        if (left > 0 && account.dropStreamAfterEvents.decrementAndGet() == 0) {
            drop(account);
        }
    }

    /** Cuts every stream connection of the account, as a network failure would. */
    void drop(SimAccount account) {
        account.dropStreamAfterEvents.set(-1);
        for (ServerWebSocket ws : account.listeners) {
            account.listeners.remove(ws);
            ws.close((short) 1011, "sandbox: stream dropped");
        }
    }

    private void send(ServerWebSocket ws, String text) {
        if (binaryFrames) {
            ws.writeBinaryMessage(Buffer.buffer(text));
        } else {
            ws.writeTextMessage(text);
        }
    }

    private final class Connection {
        private final ServerWebSocket ws;
        private SimAccount account;

        Connection(ServerWebSocket ws) {
            this.ws = ws;
        }

        void onMessage(String text) {
            JsonNode message;
            try {
                message = SimJson.MAPPER.readTree(text);
            } catch (Exception e) {
                reply("error", SimJson.object().put("message", "invalid message"));
                return;
            }
            String action = message.path("action").asText("");
            log.recordStreamMessage(action, message);
            switch (action) {
                case "auth", "authenticate" -> authenticate(message);
                case "listen" -> listen(message);
                default -> reply("error", SimJson.object().put("message", "unknown action \"" + action + "\""));
            }
        }

        private void authenticate(JsonNode message) {
            JsonNode data = message.path("data");
            String key = message.has("key") ? message.path("key").asText(null) : data.path("key_id").asText(null);
            String secret = message.has("secret") ? message.path("secret").asText(null) : data.path("secret_key").asText(null);
            SimAccount candidate = key == null ? null : accountsByKey.apply(key);
            if (candidate == null || !candidate.secretMatches(secret)) {
                reply("authorization", SimJson.object().put("status", "unauthorized").put("action", "authenticate"));
                return;
            }
            if (candidate.streamRefused) {
                ws.close((short) 1011, "sandbox: stream refused");
                return;
            }
            account = candidate;
            reply("authorization", SimJson.object().put("status", "authorized").put("action", "authenticate"));
        }

        private void listen(JsonNode message) {
            if (account == null) {
                reply("authorization", SimJson.object().put("status", "unauthorized").put("action", "listen"));
                return;
            }
            boolean tradeUpdates = false;
            for (JsonNode stream : message.path("data").path("streams")) {
                tradeUpdates |= "trade_updates".equals(stream.asText());
            }
            ObjectNode data = SimJson.object();
            ArrayNode streams = data.putArray("streams");
            if (tradeUpdates) {
                streams.add("trade_updates");
            }
            // the acknowledgement goes out before any event, so the client knows it is listening
            synchronized (account) {
                reply("listening", data);
                if (tradeUpdates) {
                    account.listeners.add(ws);
                } else {
                    account.listeners.remove(ws);
                }
            }
        }

        void stopListening() {
            if (account != null) {
                account.listeners.remove(ws);
            }
        }

        private void reply(String stream, ObjectNode data) {
            ObjectNode message = SimJson.object();
            message.put("stream", stream);
            message.set("data", data);
            send(ws, SimJson.write(message));
        }
    }
}
