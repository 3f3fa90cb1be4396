package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Listen mode: the request goes to the add-on's HTTP receiver at the account's {@code baseUrl}. */
final class HttpBridgeTransport implements BridgeTransport {
    private final BrokerHttp http;

    HttpBridgeTransport(BrokerHttp http) {
        this.http = http;
    }

    @Override
    public BridgeReply send(NinjaTraderConfig account, BridgeCall call) {
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(NinjaTraderOrderMapper.write(call.body()));
        HttpRequest request = http.request(URI.create(account.baseUrl() + call.path()))
                .header("Authorization", "Bearer " + account.token())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .method(call.method(), body)
                .build();
        HttpResponse<String> response = http.send(request, call.mayPlace());
        return new BridgeReply(response.statusCode(), parse(response.body()));
    }

    /** The add-on always answers JSON; a proxy in between may not, and its text becomes the reason. */
    static JsonNode parse(String text) {
        try {
            return NinjaTraderOrderMapper.JSON.readTree(text == null || text.isBlank() ? "null" : text);
        } catch (IOException notJson) {
            String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
            return NinjaTraderOrderMapper.JSON.createObjectNode().put("error", shown);
        }
    }
}
