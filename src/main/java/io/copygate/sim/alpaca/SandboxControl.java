package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.sim.alpaca.AlpacaSandbox.SandboxAccount;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * SANDBOX-ONLY endpoints under {@code /sandbox/}: not part of Alpaca's API. They let a test or a
 * benchmark drive a sandbox running in another process exactly as the Java controls of
 * {@link AlpacaSandbox} do (each endpoint calls one of them). No authentication: loopback only.
 *
 * <pre>
 * POST   /sandbox/accounts                      {"name","cash","multiplier"} or {"prefix","count","cash"}
 * POST   /sandbox/prices                        {"symbol","price"}
 * POST   /sandbox/assets                        {"symbol","fractionable"}
 * POST   /sandbox/positions                     {"account","symbol","qty","avg_entry_price"}
 * GET    /sandbox/accounts/{name}/orders
 * POST   /sandbox/accounts/{name}/orders        a POST /v2/orders body, placed as the account's owner
 * PATCH  /sandbox/accounts/{name}/orders/{id}   a PATCH /v2/orders/{id} body
 * DELETE /sandbox/accounts/{name}/orders/{id}
 * POST   /sandbox/accounts/{name}/orders/{id}/fill     {"qty","price"}
 * POST   /sandbox/accounts/{name}/orders/{id}/expire | /reject
 * POST   /sandbox/accounts/{name}/faults        {"fail_status","fail_count","delay_ms","rate_limit_per_minute",
 *                                                 "force_rate_limit_ms","refuse_stream","drop_stream_after",
 *                                                 "drop_stream","revoke_keys"}
 * DELETE /sandbox/accounts/{name}/faults
 * POST   /sandbox/config                        {"rate_limit_per_minute","record_requests","record_capacity","binary_frames"}
 * GET    /sandbox/requests | DELETE /sandbox/requests
 * </pre>
 */
final class SandboxControl {
    private final AlpacaSandbox sandbox;

    SandboxControl(AlpacaSandbox sandbox) {
        this.sandbox = sandbox;
    }

    void handle(HttpServerRequest req, String body) {
        String[] p = req.path().substring("/sandbox/".length()).split("/");
        HttpMethod m = req.method();
        try {
            JsonNode in = body == null ? SimJson.object() : SimJson.parseObject(body);
            JsonNode out = dispatch(m, p, in, body);
            RestApi.answer(req.response(), out == null ? 204 : 200, out == null ? null : SimJson.write(out));
        } catch (SimReject e) {
            RestApi.answer(req.response(), e.status, SimJson.error(e.code, e.getMessage()));
        } catch (IllegalArgumentException | NullPointerException e) {
            RestApi.answer(req.response(), 400, SimJson.error(null, String.valueOf(e.getMessage())));
        }
    }

    private JsonNode dispatch(HttpMethod m, String[] p, JsonNode in, String body) {
        String first = p[0];
        if (p.length == 1) {
            switch (first) {
                case "accounts" -> {
                    if (m == HttpMethod.POST) {
                        return createAccounts(in);
                    }
                }
                case "prices" -> {
                    sandbox.setPrice(in.path("symbol").asText(), new BigDecimal(in.path("price").asText()));
                    return null;
                }
                case "assets" -> {
                    sandbox.setFractionable(in.path("symbol").asText(), in.path("fractionable").asBoolean(true));
                    return null;
                }
                case "positions" -> {
                    sandbox.setPosition(in.path("account").asText(), in.path("symbol").asText(),
                            new BigDecimal(in.path("qty").asText()), new BigDecimal(in.path("avg_entry_price").asText()));
                    return null;
                }
                case "config" -> {
                    configure(in);
                    return null;
                }
                case "requests" -> {
                    if (m == HttpMethod.DELETE) {
                        sandbox.clearRequests();
                        return null;
                    }
                    ArrayNode list = SimJson.MAPPER.createArrayNode();
                    for (AlpacaSandbox.RecordedRequest r : sandbox.requests()) {
                        ObjectNode entry = list.addObject().put("received_at", r.receivedAt().toString())
                                .put("method", r.method()).put("path", r.pathAndQuery()).put("body", r.body());
                        r.headers().forEach(entry.putObject("headers")::put);
                    }
                    return list;
                }
                default -> { }
            }
        }
        if (first.equals("accounts") && p.length >= 3) {
            String account = p[1];
            if (p[2].equals("faults")) {
                if (m == HttpMethod.DELETE) {
                    sandbox.clearFaults(account);
                } else {
                    faults(account, in);
                }
                return null;
            }
            if (p[2].equals("orders")) {
                return orders(m, account, p, in, body);
            }
        }
        throw new SimReject(404, null, "no sandbox control " + m + " /sandbox/" + String.join("/", p));
    }

    private JsonNode createAccounts(JsonNode in) {
        BigDecimal cash = new BigDecimal(in.path("cash").asText("100000"));
        ArrayNode out = SimJson.MAPPER.createArrayNode();
        List<SandboxAccount> created = in.has("count")
                ? sandbox.createAccounts(in.path("prefix").asText("f"), in.path("count").asInt(), cash)
                : List.of(sandbox.createAccount(in.path("name").asText(), cash, in.path("multiplier").asInt(2)));
        for (SandboxAccount a : created) {
            out.addObject().put("name", a.name()).put("id", a.id()).put("account_number", a.accountNumber())
                    .put("key_id", a.keyId()).put("secret_key", a.secretKey());
        }
        return out;
    }

    private JsonNode orders(HttpMethod m, String account, String[] p, JsonNode in, String body) {
        if (p.length == 3) {
            if (m == HttpMethod.GET) {
                ArrayNode list = SimJson.MAPPER.createArrayNode();
                list.addAll(sandbox.orders(account));
                return list;
            }
            return sandbox.placeAsHuman(account, body);
        }
        String orderId = p[3];
        if (p.length == 4) {
            if (m == HttpMethod.PATCH) {
                return sandbox.replaceAsHuman(account, orderId, body);
            }
            sandbox.cancelAsHuman(account, orderId);
            return null;
        }
        switch (p[4]) {
            case "fill" -> {
                BigDecimal qty = in.hasNonNull("qty") ? new BigDecimal(in.path("qty").asText()) : null;
                return sandbox.fill(account, orderId, qty, new BigDecimal(in.path("price").asText()));
            }
            case "expire" -> sandbox.expire(account, orderId);
            case "reject" -> sandbox.rejectOrder(account, orderId);
            default -> throw new SimReject(404, null, "no sandbox control " + p[4]);
        }
        return null;
    }

    private void faults(String account, JsonNode in) {
        if (in.has("fail_status")) {
            sandbox.failRequests(account, in.path("fail_status").asInt(), in.path("fail_count").asInt(Integer.MAX_VALUE));
        }
        if (in.has("delay_ms")) {
            sandbox.delayAnswers(account, Duration.ofMillis(in.path("delay_ms").asLong()));
        }
        if (in.has("rate_limit_per_minute")) {
            sandbox.setRateLimit(account, in.path("rate_limit_per_minute").asInt());
        }
        if (in.has("force_rate_limit_ms")) {
            sandbox.forceRateLimit(account, Duration.ofMillis(in.path("force_rate_limit_ms").asLong()));
        }
        if (in.has("refuse_stream")) {
            sandbox.refuseStream(account, in.path("refuse_stream").asBoolean());
        }
        if (in.has("drop_stream_after")) {
            sandbox.dropStreamAfter(account, in.path("drop_stream_after").asInt());
        }
        if (in.path("drop_stream").asBoolean(false)) {
            sandbox.dropStream(account);
        }
        if (in.path("revoke_keys").asBoolean(false)) {
            sandbox.revokeKeys(account);
        }
    }

    private void configure(JsonNode in) {
        if (in.has("rate_limit_per_minute")) {
            sandbox.setRateLimit(in.path("rate_limit_per_minute").asInt());
        }
        if (in.has("record_requests") || in.has("record_capacity")) {
            sandbox.recordRequests(in.path("record_requests").asBoolean(true), in.path("record_capacity").asInt(200_000));
        }
        if (in.has("binary_frames")) {
            sandbox.streamFrames(in.path("binary_frames").asBoolean());
        }
    }
}
