package io.copygate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.signal.CopyOrder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter for {@link LoopbackBroker}, joined to test gateways through the same
 * BrokerAdapterFactory SPI a real broker module uses, over the shared {@link BrokerHttp}.
 */
public final class LoopbackBrokerAdapter implements BrokerAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BrokerHttp http;

    public static final class Factory implements BrokerAdapterFactory {
        @Override
        public BrokerAdapter create(io.copygate.broker.BrokerContext context) {
            return new LoopbackBrokerAdapter(context.http());
        }

        @Override
        public io.copygate.broker.AccountFeedFactory feeds(io.copygate.broker.BrokerContext context) {
            return new LoopbackAccountFeed.Factory(context.http());
        }
    }

    LoopbackBrokerAdapter(BrokerHttp http) {
        this.http = http;
    }

    @Override
    public String broker() {
        return "loopback";
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("clientOrderId", order.id(), "symbol", order.instrument().symbol(),
                    "side", order.side().name(), "quantity", order.quantity().toPlainString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> r = http.send(http.request(URI.create(account.setting("baseUrl", "") + "/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), true);
        if (r.statusCode() == 409) {
            throw new DuplicateClientOrderIdException(r.body());
        }
        if (r.statusCode() != 201) {
            throw BrokerHttp.failure(r, true, message(r.body()));
        }
        return new BrokerAck("LB-" + order.id(), order.instrument().symbol(), "new", false);
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        HttpResponse<String> r = http.send(http.request(URI.create(account.setting("baseUrl", "") + "/orders/" + order.id()))
                .GET().build(), false);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw BrokerHttp.failure(r, false, message(r.body()));
        }
        return Optional.of(new BrokerAck("LB-" + order.id(), order.instrument().symbol(), "new", false));
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        throw new io.copygate.broker.BrokerRejectedException("loopback broker does not cancel");
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        throw new io.copygate.broker.BrokerRejectedException("loopback broker does not modify");
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body);
        } catch (Exception e) {
            return body;
        }
    }
}
