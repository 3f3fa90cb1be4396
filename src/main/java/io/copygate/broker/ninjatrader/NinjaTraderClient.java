package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerException;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.BrokerUnavailableException;
import io.copygate.broker.OutcomeUnknownException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The add-on's order endpoints, over the account's transport (listen: HTTP; dialout: the WebSocket the
 * add-on opened). One place builds the requests and reads the answers, so both modes behave alike.
 *
 * <p>Answers as error classes: 401 (the add-on refuses the token) fails the account; 422 (a value the
 * add-on or NinjaTrader refuses, NinjaTrader's own rejection) and every other 4xx are final rejects with
 * the add-on's reason verbatim; 5xx is retried, as an unknown outcome when the request may have placed
 * something. A 409 on placement means the id is held by an order with <em>different</em> content (the
 * add-on answers a true repeat with 200 {@code duplicate: true}), so it is a reject, never "already
 * placed".
 */
final class NinjaTraderClient {
    private final BridgeTransport listen;
    private final BridgeTransport dialOut;

    NinjaTraderClient(BridgeTransport listen, BridgeTransport dialOut) {
        this.listen = listen;
        this.dialOut = dialOut;
    }

    JsonNode place(NinjaTraderConfig account, JsonNode request) {
        return ok(account, new BridgeCall("POST", "/orders", request, true));
    }

    /** {@code GET /orders/{id}}: empty when the add-on never placed that id (404). */
    Optional<JsonNode> order(NinjaTraderConfig account, String clientOrderId) {
        BridgeCall call = new BridgeCall("GET", "/orders/" + encode(clientOrderId), null, false);
        BridgeReply reply = send(account, call);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(answer(call, reply));
    }

    JsonNode cancel(NinjaTraderConfig account, String clientOrderId) {
        return ok(account, new BridgeCall("POST", "/orders/" + encode(clientOrderId) + "/cancel",
                NinjaTraderOrderMapper.JSON.createObjectNode(), true));
    }

    JsonNode change(NinjaTraderConfig account, String clientOrderId, JsonNode request) {
        return ok(account, new BridgeCall("POST", "/orders/" + encode(clientOrderId) + "/change", request, true));
    }

    /** {@code GET /orders?account=}: every order NinjaTrader lists for the account. */
    JsonNode orders(NinjaTraderConfig account) {
        return ok(account, new BridgeCall("GET", "/orders?account=" + encode(account.ntAccount()), null, false));
    }

    /** {@code GET /positions?account=}: the account's open positions. */
    JsonNode positions(NinjaTraderConfig account) {
        return ok(account, new BridgeCall("GET", "/positions?account=" + encode(account.ntAccount()), null, false));
    }

    private JsonNode ok(NinjaTraderConfig account, BridgeCall call) {
        return answer(call, send(account, call));
    }

    private BridgeReply send(NinjaTraderConfig account, BridgeCall call) {
        return (account.mode() == NinjaTraderConfig.Mode.DIALOUT ? dialOut : listen).send(account, call);
    }

    private static JsonNode answer(BridgeCall call, BridgeReply reply) {
        if (reply.status() / 100 != 2) {
            throw failure(call, reply);
        }
        if (reply.body() == null || !reply.body().isObject()) {
            String what = "the NinjaTrader add-on answered " + call.describe() + " with " + reply.status() + " but no JSON object";
            throw call.mayPlace() ? new OutcomeUnknownException(what, null) : new BrokerUnavailableException(what);
        }
        return reply.body();
    }

    static BrokerException failure(BridgeCall call, BridgeReply reply) {
        int status = reply.status();
        String reason = NinjaTraderOrderMapper.text(reply.body(), "error");
        if (reason == null) {
            reason = "HTTP " + status + " from the NinjaTrader add-on for " + call.describe();
        }
        if (status == 401 || status == 403) {
            return new AccountFailedException("the NinjaTrader add-on refused the token (HTTP " + status + ": " + reason
                    + "); the account's token credential must equal the add-on's Token");
        }
        if (status >= 500 || status == 429 || status == 408) {
            String message = "HTTP " + status + " from the NinjaTrader add-on for " + call.describe() + ": " + reason;
            return call.mayPlace() ? new OutcomeUnknownException(message, null) : new BrokerUnavailableException(message);
        }
        return new BrokerRejectedException(reason);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
