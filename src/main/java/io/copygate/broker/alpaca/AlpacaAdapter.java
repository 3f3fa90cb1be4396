package io.copygate.broker.alpaca;

import static io.copygate.broker.alpaca.AlpacaClient.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.AccountEquitySource;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.alpaca.AlpacaClient.Call;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderIntent;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Alpaca Trading API v2 for follower accounts. Every call exists twice: the synchronous
 * {@link BrokerAdapter} methods and a {@code ...Async} form that holds no thread while Alpaca
 * answers, so one master order can go to hundreds of followers at once over the shared HTTP client.
 * The synchronous form waits for the asynchronous one: one request path, one error mapping.
 * Stateless across accounts (settings and keys come with each {@link BrokerAccount}).
 */
public final class AlpacaAdapter implements BrokerAdapter, AccountEquitySource {
    private static final int MAX_REPLACEMENTS_FOLLOWED = 20;
    private final AlpacaClient client;

    public AlpacaAdapter(BrokerHttp http) {
        this.client = new AlpacaClient(http);
    }

    @Override
    public String broker() {
        return "alpaca";
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        return await(placeAsync(order, account));
    }

    /** POST /v2/orders with {@code client_order_id} = the copy order's id. */
    public CompletableFuture<BrokerAck> placeAsync(CopyOrder order, BrokerAccount account) {
        return post(account, () -> AlpacaOrderMapper.newOrder(order, AlpacaConfig.of(account)));
    }

    /**
     * Places the copy order for a dollar amount instead of its quantity (Alpaca's {@code notional}):
     * equity market DAY orders and crypto market orders only.
     */
    public BrokerAck placeNotional(CopyOrder order, BigDecimal notional, BrokerAccount account) {
        return await(placeNotionalAsync(order, notional, account));
    }

    public CompletableFuture<BrokerAck> placeNotionalAsync(CopyOrder order, BigDecimal notional, BrokerAccount account) {
        return post(account, () -> AlpacaOrderMapper.newNotionalOrder(order, notional, AlpacaConfig.of(account)));
    }

    private CompletableFuture<BrokerAck> post(BrokerAccount account, java.util.function.Supplier<JsonNode> body) {
        String json;
        try {
            json = AlpacaJson.write(body.get());
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        return client.send(account, new Call("POST", "/v2/orders", json, true), false)
                .thenApply(placed -> AlpacaOrderMapper.ack(placed, false));
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        return await(findByClientOrderIdAsync(order, account));
    }

    /** GET /v2/orders:by_client_order_id: empty when Alpaca has no order under the copy order's id. */
    @Override
    public CompletableFuture<Optional<BrokerAck>> findByClientOrderIdAsync(CopyOrder order, BrokerAccount account) {
        return byClientOrderId(account, order.id())
                .thenApply(found -> Optional.ofNullable(found).map(o -> AlpacaOrderMapper.ack(o, true)));
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        return await(cancelAsync(order, account));
    }

    /**
     * DELETE /v2/orders/{id} of the working order whose client order id is the target's (followed
     * through replacements). Alpaca cancels asynchronously: the ack says {@code pending_cancel}. A
     * target already canceled (an earlier attempt went through) is acknowledged as found.
     */
    @Override
    public CompletableFuture<BrokerAck> cancelAsync(CopyOrder order, BrokerAccount account) {
        return workingOrder(order, OrderIntent.CANCEL, account).thenCompose(target -> {
            String status = AlpacaJson.text(target, "status");
            if ("canceled".equals(status) || "pending_cancel".equals(status)) {
                return CompletableFuture.completedFuture(AlpacaOrderMapper.ack(target, true));
            }
            String id = AlpacaJson.text(target, "id");
            return client.send(account, new Call("DELETE", "/v2/orders/" + id, null, true), false)
                    .thenApply(none -> new BrokerAck(id, AlpacaJson.text(target, "symbol"), "pending_cancel", false));
        });
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        return await(modifyAsync(order, account));
    }

    /**
     * PATCH /v2/orders/{id} of the target's working order. Alpaca replaces an order by a new one; the
     * new one carries the modify's own id as client order id, so later cancels and modifies must
     * target the modify's id. A working order that already carries it (an earlier attempt went
     * through) is acknowledged as found.
     */
    @Override
    public CompletableFuture<BrokerAck> modifyAsync(CopyOrder order, BrokerAccount account) {
        return workingOrder(order, OrderIntent.MODIFY, account).thenCompose(target -> {
            if (order.id().equals(AlpacaJson.text(target, "client_order_id"))) {
                return CompletableFuture.completedFuture(AlpacaOrderMapper.ack(target, true));
            }
            String body = AlpacaJson.write(AlpacaOrderMapper.replacement(order, target));
            return client.send(account, new Call("PATCH", "/v2/orders/" + AlpacaJson.text(target, "id"), body, true), false)
                    .thenApply(replacement -> AlpacaOrderMapper.ack(replacement, false));
        });
    }

    /** GET /v2/account: equity, buying power and the flags that say whether the account can trade. */
    public AlpacaAccountInfo account(BrokerAccount account) {
        return await(accountAsync(account));
    }

    public CompletableFuture<AlpacaAccountInfo> accountAsync(BrokerAccount account) {
        return client.send(account, Call.get("/v2/account"), false).thenApply(AlpacaAccountInfo::of);
    }

    /** The account's {@code equity} from GET /v2/account, for sizing by equity. */
    @Override
    public CompletableFuture<BigDecimal> equityAsync(BrokerAccount account) {
        return accountAsync(account).thenApply(AlpacaAccountInfo::equity);
    }

    /** GET /v2/positions. */
    public List<AlpacaPosition> positions(BrokerAccount account) {
        return await(positionsAsync(account));
    }

    public CompletableFuture<List<AlpacaPosition>> positionsAsync(BrokerAccount account) {
        return client.send(account, Call.get("/v2/positions"), false).thenApply(list -> {
            List<AlpacaPosition> positions = new ArrayList<>();
            list.forEach(p -> positions.add(AlpacaPosition.of(p)));
            return positions;
        });
    }

    private CompletableFuture<JsonNode> byClientOrderId(BrokerAccount account, String clientOrderId) {
        return client.send(account, Call.get("/v2/orders:by_client_order_id?client_order_id="
                + URLEncoder.encode(clientOrderId, StandardCharsets.UTF_8)), true);
    }

    /** The order the target client order id stands for now: Alpaca's order under that id, or what replaced it. */
    private CompletableFuture<JsonNode> workingOrder(CopyOrder order, OrderIntent intent, BrokerAccount account) {
        if (order.intent() != intent) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a " + order.intent() + " copy order is not a " + intent));
        }
        String target = order.targetOrderId();
        if (target == null || target.isBlank()) {
            return CompletableFuture.failedFuture(new BrokerRejectedException("targetOrderId: a " + intent
                    + " needs the client order id of the working order"));
        }
        return byClientOrderId(account, target).thenCompose(found -> {
            if (found == null) {
                throw new BrokerRejectedException("targetOrderId: Alpaca has no order with client_order_id " + target);
            }
            return latest(account, found, 0);
        });
    }

    private CompletableFuture<JsonNode> latest(BrokerAccount account, JsonNode order, int hops) {
        String replacedBy = AlpacaJson.text(order, "replaced_by");
        if (!"replaced".equals(AlpacaJson.text(order, "status")) || replacedBy == null || hops >= MAX_REPLACEMENTS_FOLLOWED) {
            return CompletableFuture.completedFuture(order);
        }
        return client.send(account, Call.get("/v2/orders/" + replacedBy), false)
                .thenCompose(next -> latest(account, next, hops + 1));
    }
}
