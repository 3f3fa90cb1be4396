package io.copygate.sim.alpaca;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST subset copygate uses, answered as Alpaca answers it: the key pair checked on every
 * request (403 {@code {"message":"forbidden."}} when the headers are missing, 401
 * {@code {"code":40110000,"message":"request is not authorized"}} when they are wrong), the per-account
 * budget with X-Ratelimit-* headers and 429 beyond it, then the injected faults, then the call.
 * Never blocks an event loop: a delayed answer is a timer.
 */
final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final Pattern ORDER_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String ORDERS = "/v2/orders";
    private static final String BY_CLIENT_ID = "/v2/orders:by_client_order_id";

    private final Vertx vertx;
    private final Function<String, SimAccount> accountsByKey;
    private final OrderDesk desk;
    private final AccountViews views;
    private final RequestLog log;
    private final SandboxControl control;
    private final IntSupplier rateLimitPerMinute;

    RestApi(Vertx vertx, Function<String, SimAccount> accountsByKey, OrderDesk desk, AccountViews views,
            RequestLog log, SandboxControl control, IntSupplier rateLimitPerMinute) {
        this.vertx = vertx;
        this.accountsByKey = accountsByKey;
        this.desk = desk;
        this.views = views;
        this.log = log;
        this.control = control;
        this.rateLimitPerMinute = rateLimitPerMinute;
    }

    void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            try {
                serve(req, buffer.length() == 0 ? null : buffer.toString());
            } catch (RuntimeException bug) {
                // a sandbox defect must not leave the client waiting for an answer that never comes
                LOG.error("alpaca sandbox: {} {} failed", req.method(), req.path(), bug);
                if (!req.response().ended()) {
                    answer(req.response(), 500, SimJson.error(50010000, "internal server error"));
                }
            }
        }).onFailure(e -> req.response().setStatusCode(400).end());
    }

    private void serve(HttpServerRequest req, String body) {
        log.record(req, body);
        HttpServerResponse res = req.response();
        String path = req.path();
        if (path.startsWith("/sandbox/")) {
            control.handle(req, body);
            return;
        }
        String keyId = req.getHeader("APCA-API-KEY-ID");
        String secret = req.getHeader("APCA-API-SECRET-KEY");
        if (keyId == null || secret == null) {
            answer(res, 403, SimJson.error(null, "forbidden."));
            return;
        }
        SimAccount account = accountsByKey.apply(keyId);
        if (account == null || !account.secretMatches(secret)) {
            answer(res, 401, SimJson.error(40110000, "request is not authorized"));
            return;
        }
        SimAccount.RateWindow window = account.countRequest(rateLimitPerMinute.getAsInt(), System.currentTimeMillis());
        if (window.limit() > 0 || window.exceeded()) {
            res.putHeader("X-Ratelimit-Limit", Integer.toString(window.limit()));
            res.putHeader("X-Ratelimit-Remaining", Integer.toString(window.remaining()));
            res.putHeader("X-Ratelimit-Reset", Long.toString(window.resetEpochSeconds()));
        }
        if (window.exceeded()) {
            answer(res, 429, SimJson.error(42910000, "rate limit exceeded"));
            return;
        }
        int status;
        String answer;
        if (account.failStatus != 0 && account.failRemaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
            status = account.failStatus;
            answer = SimJson.error(50010000, "internal server error");
        } else {
            int[] statusHolder = {200};
            String result;
            try {
                result = route(req.method(), path, req, body, account, statusHolder);
                status = statusHolder[0];
            } catch (SimReject reject) {
                status = reject.status;
                result = SimJson.error(reject.code, reject.getMessage());
            }
            answer = result;
        }
        long delay = account.answerDelayMillis;
        if (delay > 0) {
            int finalStatus = status;
            vertx.setTimer(delay, t -> {
                if (!res.closed()) { // the client may have given up waiting
                    answer(res, finalStatus, answer);
                }
            });
        } else {
            answer(res, status, answer);
        }
    }

    private String route(HttpMethod method, String path, HttpServerRequest req, String body, SimAccount account,
            int[] status) {
        if (path.equals("/v2/account") && method == HttpMethod.GET) {
            return SimJson.write(views.account(account));
        }
        if (path.equals("/v2/positions") && method == HttpMethod.GET) {
            return SimJson.write(views.positions(account));
        }
        if (path.equals(ORDERS)) {
            if (method == HttpMethod.POST) {
                return SimJson.write(desk.place(account, SimJson.parseObject(body)));
            }
            if (method == HttpMethod.GET) {
                return SimJson.write(views.orders(account, req.params()));
            }
        }
        if (path.equals(BY_CLIENT_ID) && method == HttpMethod.GET) {
            String clientOrderId = req.getParam("client_order_id");
            if (clientOrderId == null) {
                throw SimReject.invalid("client_order_id is required");
            }
            synchronized (account) {
                SimOrder o = account.ordersByClientId.get(clientOrderId);
                if (o == null) {
                    throw SimReject.notFound();
                }
                return SimJson.write(o.toJson(true));
            }
        }
        if (path.startsWith(ORDERS + "/")) {
            String orderId = path.substring(ORDERS.length() + 1);
            if (!ORDER_ID.matcher(orderId).matches()) {
                throw SimReject.invalid("order_id is missing");
            }
            if (method == HttpMethod.GET) {
                synchronized (account) {
                    return SimJson.write(desk.find(account, orderId).toJson("true".equalsIgnoreCase(req.getParam("nested"))));
                }
            }
            if (method == HttpMethod.PATCH) {
                return SimJson.write(desk.replace(account, orderId, SimJson.parseObject(body)));
            }
            if (method == HttpMethod.DELETE) {
                desk.cancel(account, orderId);
                status[0] = 204;
                return null;
            }
        }
        throw new SimReject(404, 40410000, "endpoint not found");
    }

    static void answer(HttpServerResponse res, int status, String json) {
        res.setStatusCode(status);
        if (json == null) {
            res.end();
        } else {
            res.putHeader("Content-Type", "application/json; charset=UTF-8").end(json);
        }
    }
}
