package io.copygate.broker.tradovate;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.ReconnectingWebSocket;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tradovate account's live orders and fills over Tradovate's WebSocket: on every (re)connect it
 * waits for the {@code o} frame, sends {@code authorize} with the current access token, then
 * {@code user/syncrequest}; the sync answer is the account's snapshot, after which {@code props}
 * events follow. The client heartbeat {@code []} goes out every 2.5 s as Tradovate requires; a
 * silent connection (no {@code h} from the server) is dropped and reopened. After a reconnect the
 * snapshot is replayed through the same {@link TradovateOrderTracker}, so what was missed comes out
 * and what was already delivered does not.
 */
final class TradovateAccountFeed implements AccountFeed {
    private static final Logger LOG = LoggerFactory.getLogger(TradovateAccountFeed.class);
    static final Duration HEARTBEAT = Duration.ofMillis(2500);
    /** Orders placed this long before the start still count as new: our clock and Tradovate's differ. */
    static final Duration HISTORY_SKEW = Duration.ofSeconds(1);

    private final TradovateClient client;
    private final BrokerAccount account;
    private final Clock clock;
    private final Duration idleTimeout;
    private volatile ReconnectingWebSocket socket;

    TradovateAccountFeed(TradovateClient client, BrokerAccount account, Clock clock, Duration idleTimeout) {
        this.client = client;
        this.account = account;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public synchronized void start(AccountFeedListener listener) {
        if (socket != null) {
            throw new IllegalStateException("feed of account " + account.id() + " already started");
        }
        TradovateConfig config = TradovateConfig.of(account);
        Protocol protocol = new Protocol(listener, java.time.Instant.now().minus(HISTORY_SKEW));
        socket = ReconnectingWebSocket.builder("tradovate-" + account.id(), config.webSocket(), protocol)
                .heartbeat(HEARTBEAT, () -> "[]")
                .idleTimeout(idleTimeout)
                .backoff(Duration.ofMillis(250), config.reconnectMaxBackoff())
                .build();
        socket.start();
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
        }
    }

    /** The text protocol of one connection at a time; the socket calls it one message at a time. */
    private final class Protocol implements ReconnectingWebSocket.Handler {
        private final AccountFeedListener listener;
        private TradovateOrderTracker tracker;
        private long nextRequest;
        private long authorizeRequest = -1;
        private long syncRequest = -1;
        private TradovateAuth.Session session;
        private final java.time.Instant historyBefore;

        Protocol(AccountFeedListener listener, java.time.Instant historyBefore) {
            this.listener = listener;
            this.historyBefore = historyBefore;
        }

        @Override
        public void onOpen(ReconnectingWebSocket.Session ws) {
            // no per-connection state here: the server's first frame can be handled before onOpen runs
            listener.onConnectionState("connected", "Tradovate WebSocket " + account.id());
        }

        @Override
        public void onText(ReconnectingWebSocket.Session ws, String text) {
            try {
                TradovateEvents.Frame frame = TradovateEvents.frame(text);
                switch (frame.type()) {
                    case 'o' -> authorize(ws);
                    case 'a' -> {
                        for (JsonNode message : frame.payload()) {
                            handle(ws, message);
                        }
                    }
                    case 'c' -> socket.dropConnection("closed by Tradovate: " + frame.payload());
                    default -> { /* 'h': the server's heartbeat only proves the line is alive */ }
                }
            } catch (RuntimeException e) {
                if (e instanceof AccountFailedException) {
                    listener.onConnectionState("failed", e.getMessage());
                }
                // never leave a message half-applied: reconnect, and the re-sync redelivers what is missing
                LOG.warn("Tradovate feed {}: {}; re-syncing", account.id(), e.toString());
                socket.dropConnection("handling a message failed: " + e.getMessage());
            }
        }

        @Override
        public void onDisconnect(String reason) {
            listener.onConnectionState("disconnected", reason);
        }

        // built on the first sync, not at start: resolving the account id needs the broker to be reachable
        private TradovateOrderTracker tracker() {
            if (tracker == null) {
                tracker = new TradovateOrderTracker(account, client.accountId(account), new TradovateSymbolCodec(clock),
                        contractId -> client.contractName(account, contractId), new TradovateOrderTracker.Sink() {
                            @Override
                            public void signal(Signal signal) {
                                listener.onSignal(signal);
                            }

                            @Override
                            public void fill(Fill fill) {
                                listener.onFill(fill);
                            }
                        }, historyBefore);
            }
            return tracker;
        }

        /** The {@code o} frame opens every connection: start its request numbering afresh. */
        private void authorize(ReconnectingWebSocket.Session ws) {
            nextRequest = 0;
            syncRequest = -1;
            session = client.session(account);
            authorizeRequest = nextRequest++;
            ws.send(TradovateEvents.request("authorize", authorizeRequest, "", session.accessToken()));
        }

        private void handle(ReconnectingWebSocket.Session ws, JsonNode message) {
            if (message.has("i") && message.has("s")) {
                long id = message.get("i").asLong();
                int status = message.get("s").asInt();
                if (id == authorizeRequest) {
                    if (status != 200) {
                        client.invalidate(account, session); // the next connect logs in or renews first
                        socket.dropConnection("authorize refused: " + status);
                        return;
                    }
                    syncRequest = nextRequest++;
                    ws.send(TradovateEvents.request("user/syncrequest", syncRequest, "",
                            "{\"users\":[" + session.userId() + "]}"));
                } else if (id == syncRequest) {
                    if (status != 200) {
                        socket.dropConnection("user/syncrequest refused: " + status);
                        return;
                    }
                    tracker().applySnapshot(message.path("d"));
                    listener.onConnectionState("live", "Tradovate account " + account.id() + " synchronised");
                }
            } else if ("props".equals(message.path("e").asText())) {
                JsonNode d = message.path("d");
                tracker().apply(d.path("entityType").asText(), d.path("eventType").asText(), d.get("entity"));
            } else if ("shutdown".equals(message.path("e").asText())) {
                socket.dropConnection("Tradovate announced a shutdown");
            }
        }
    }
}
