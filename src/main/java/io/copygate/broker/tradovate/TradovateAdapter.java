package io.copygate.broker.tradovate;

import io.copygate.broker.BrokerJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.DuplicateClientOrderIdException;
import io.copygate.broker.OutcomeUnknownException;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers copy orders to Tradovate accounts: {@code placeorder} (with {@code clOrdId} = the copy
 * order id), {@code placeOSO} for bracketed entries, {@code modifyorder}, {@code cancelorder},
 * {@code liquidateposition}.
 *
 * <p>Tradovate documents no uniqueness check on {@code clOrdId}, so it cannot be trusted to refuse
 * a second order under the same id. The adapter guards instead: an id it placed in this process, or
 * any id of an order whose earlier attempt may have reached the broker ({@code attempts > 0}), is
 * first looked up among the user's commands ({@code GET /command/list}, each command carries the
 * {@code clOrdId} it was sent with); if Tradovate has it, {@link DuplicateClientOrderIdException} is
 * thrown and nothing is sent.
 */
public final class TradovateAdapter implements BrokerAdapter {
    public static final String BROKER = "tradovate";
    private static final int REMEMBERED_IDS = 50_000;

    private final TradovateClient client;
    private final TradovateSymbolCodec codec;
    /** client order id → Tradovate order id, per account, for this process's own orders. */
    private final Map<String, Long> placed = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });

    public TradovateAdapter(BrokerHttp http) {
        this(new TradovateClient(http));
    }

    /** Share one client with {@link TradovateAccountFeedFactory} so a login keeps one session. */
    public TradovateAdapter(TradovateClient client) {
        this(client, Clock.systemUTC());
    }

    public TradovateAdapter(TradovateClient client, Clock clock) {
        this.client = client;
        this.codec = new TradovateSymbolCodec(clock);
    }

    @Override
    public String broker() {
        return BROKER;
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.PLACE);
        String symbol = codec.encode(order.instrument());
        long accountId = client.accountId(account);
        ObjectNode body = TradovateOrderMapper.place(order, account.brokerAccount(), accountId, symbol);
        guardAgainstRepeat(order, account);
        boolean bracket = TradovateOrderMapper.hasBracket(order);
        JsonNode result = client.post(account, bracket ? "/order/placeoso" : "/order/placeorder", body, true);
        long orderId = orderId(result, "place " + order.id());
        placed.put(key(account, order.id()), orderId);
        return new BrokerAck(Long.toString(orderId), symbol, "PendingNew", false);
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        Long orderId = lookUp(account, order.id());
        if (orderId == null) {
            return Optional.empty();
        }
        JsonNode o = client.get(account, "/order/item?id=" + orderId);
        String symbol = o.hasNonNull("contractId") ? client.contractName(account, o.get("contractId").asLong()) : null;
        return Optional.of(new BrokerAck(Long.toString(orderId), symbol, BrokerJson.text(o, "ordStatus"), true));
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.CANCEL);
        long target = target(order, account);
        guardAgainstRepeat(order, account);
        client.post(account, "/order/cancelorder", TradovateOrderMapper.cancel(order, target), true);
        placed.put(key(account, order.id()), target);
        return new BrokerAck(Long.toString(target), symbolOrNull(order), "PendingCancel", false);
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.MODIFY);
        long target = target(order, account);
        JsonNode current = null;
        if (TradovateOrderMapper.needsCurrentVersion(order)) {
            current = latestVersion(account, target);
        }
        ObjectNode body = TradovateOrderMapper.modify(order, target, current);
        guardAgainstRepeat(order, account);
        client.post(account, "/order/modifyorder", body, true);
        placed.put(key(account, order.id()), target);
        return new BrokerAck(Long.toString(target), symbolOrNull(order), "PendingReplace", false);
    }

    /**
     * Closes the account's whole position in one contract at market ({@code POST /order/liquidateposition});
     * for flatten signals. Working orders on the contract are cancelled by Tradovate.
     */
    public BrokerAck liquidatePosition(BrokerAccount account, Instrument instrument) {
        String symbol = codec.encode(instrument);
        long contractId = client.contractId(account, symbol);
        ObjectNode body = BrokerJson.object()
                .put("accountId", client.accountId(account))
                .put("contractId", contractId)
                .put("admin", false);
        JsonNode result = client.post(account, "/order/liquidateposition", body, true);
        return new BrokerAck(result.hasNonNull("orderId") ? result.get("orderId").asText() : null, symbol,
                "Liquidating", false);
    }

    /** The Tradovate order a client order id was sent with, from the user's commands; null when none. */
    private Long lookUp(BrokerAccount account, String clientOrderId) {
        long accountId = client.accountId(account);
        for (JsonNode command : client.get(account, "/command/list")) {
            if (clientOrderId.equals(BrokerJson.text(command, "clOrdId")) && command.hasNonNull("orderId")) {
                long orderId = command.get("orderId").asLong();
                JsonNode o = client.get(account, "/order/item?id=" + orderId);
                if (o.path("accountId").asLong(-1) == accountId) {
                    return orderId;
                }
            }
        }
        return null;
    }

    private void guardAgainstRepeat(CopyOrder order, BrokerAccount account) {
        Long known = placed.get(key(account, order.id()));
        if (known == null && order.attempts() > 0) {
            known = lookUp(account, order.id());
        }
        if (known != null) {
            throw new DuplicateClientOrderIdException("Tradovate already has clOrdId " + order.id() + " (order "
                    + known + ")");
        }
    }

    /** The Tradovate order id of the working order a cancel/modify targets. */
    private long target(CopyOrder order, BrokerAccount account) {
        String targetId = order.targetOrderId();
        if (targetId == null || targetId.isBlank()) {
            throw new BrokerRejectedException("targetOrderId: a " + order.intent() + " needs the client order id of the working order");
        }
        Long known = placed.get(key(account, targetId));
        if (known == null) {
            known = lookUp(account, targetId);
        }
        if (known == null) {
            throw new BrokerRejectedException("Tradovate has no order sent with clOrdId " + targetId);
        }
        return known;
    }

    private JsonNode latestVersion(BrokerAccount account, long orderId) {
        JsonNode latest = null;
        for (JsonNode v : client.get(account, "/orderVersion/deps?masterid=" + orderId)) {
            if (latest == null || v.path("id").asLong() > latest.path("id").asLong()) {
                latest = v;
            }
        }
        return latest;
    }

    private static long orderId(JsonNode result, String what) {
        if (result == null || !result.hasNonNull("orderId")) {
            // a 200 without an order id or a reason: whether it was placed must be looked up
            throw new OutcomeUnknownException("Tradovate answered " + what + " without an orderId", null);
        }
        return result.get("orderId").asLong();
    }

    private String symbolOrNull(CopyOrder order) {
        try {
            return order.instrument() == null ? null : codec.encode(order.instrument());
        } catch (BrokerRejectedException notAContract) {
            return null;
        }
    }

    private static String key(BrokerAccount account, String clientOrderId) {
        return account.id() + "|" + clientOrderId;
    }

    private static void requireIntent(CopyOrder order, OrderIntent expected) {
        if (order.intent() != expected) {
            throw new BrokerRejectedException("intent: expected " + expected + ", was " + order.intent());
        }
    }
}
