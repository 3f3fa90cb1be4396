package io.copygate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A poller feed of {@link LoopbackBroker}'s master events; it re-delivers every event on every poll. */
public final class LoopbackAccountFeed implements AccountFeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BrokerHttp http;
    private final BrokerAccount account;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    public static final class Factory implements AccountFeedFactory {
        private final BrokerHttp http;

        Factory(BrokerHttp http) {
            this.http = http;
        }

        @Override
        public String broker() {
            return "loopback";
        }

        @Override
        public AccountFeed open(BrokerAccount account) {
            return new LoopbackAccountFeed(http, account);
        }
    }

    private LoopbackAccountFeed(BrokerHttp http, BrokerAccount account) {
        this.http = http;
        this.account = account;
    }

    @Override
    public void start(AccountFeedListener listener) {
        poller.scheduleWithFixedDelay(() -> {
            try {
                String body = http.send(http.request(URI.create(account.setting("baseUrl", "") + "/events")).GET().build(), false).body();
                for (JsonNode e : JSON.readTree(body)) {
                    listener.onSignal(Signal.builder().id(UUID.randomUUID().toString()).tenant(account.tenant())
                            .source("loopback").sourceEventId(e.get("eventId").asText()).masterAccount(account.id())
                            .kind(SignalKind.ORDER_NEW).instrument(Instrument.equity(e.get("symbol").asText()))
                            .side(Side.valueOf(e.get("side").asText())).quantity(new BigDecimal(e.get("quantity").asText()))
                            .orderType(OrderType.MARKET).price(new BigDecimal(e.get("price").asText()))
                            .receivedTime(Instant.now()).raw(e.toString()).build());
                }
            } catch (Exception e) {
                listener.onConnectionState("poll-failed", e.getMessage());
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
