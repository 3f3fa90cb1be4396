package io.copygate.broker.tradestation;

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
import io.copygate.signal.OrderIntent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers copy orders to TradeStation: {@code POST /v3/orderexecution/orders} with the copy order id
 * as {@code OrderConfirmID} (TradeStation refuses a repeat), {@code PUT .../orders/{id}} to replace,
 * {@code DELETE .../orders/{id}} to cancel. Per-order rejects that arrive inside HTTP 200
 * ({@code Errors[]}) are rejects.
 *
 * <p>TradeStation's order objects carry no client reference, so finding a copy order again relies on
 * {@link TradeStationOrderIds}; when that does not know it (the answer to the placement was lost),
 * the account's orders of the day are matched on the copy's terms (symbol, side, quantity, type,
 * prices, placed after the signal arrived), skipping orders that already belong to another copy.
 */
public final class TradeStationAdapter implements BrokerAdapter {
    public static final String BROKER = "tradestation";
    private static final Logger LOG = LoggerFactory.getLogger(TradeStationAdapter.class);
    private static final Set<String> CANCELLED = Set.of("CAN", "EXP", "OUT", "TSC", "UCH", "BRC");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final TradeStationClient client;
    private final TradeStationOrderIds ids;
    private final TradeStationSymbolCodec codec = new TradeStationSymbolCodec();

    public TradeStationAdapter(BrokerHttp http) {
        this(new TradeStationClient(http), TradeStationOrderIds.inMemory());
    }

    /**
     * @param client shared with {@link TradeStationAccountFeedFactory} so a login refreshes in one place
     * @param ids    copy order id → TradeStation order id, ideally backed by the order store
     */
    public TradeStationAdapter(TradeStationClient client, TradeStationOrderIds ids) {
        this.client = client;
        this.ids = ids;
    }

    @Override
    public String broker() {
        return BROKER;
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.PLACE);
        if (order.instrument() != null && order.instrument().isContinuous()) {
            throw new BrokerRejectedException("instrument: " + order.instrument().symbol()
                    + " is a continuous contract; resolve it to a contract month before sending it to TradeStation");
        }
        String symbol = codec.encode(order.instrument());
        ObjectNode body = TradeStationOrderMapper.place(order, account.brokerAccount(), symbol);
        Optional<String> known = ids.brokerOrderId(account.id(), order.id());
        if (known.isPresent()) {
            throw new DuplicateClientOrderIdException("TradeStation already has OrderConfirmID " + order.id()
                    + " (order " + known.get() + ")");
        }
        JsonNode answer = client.send(account, "POST", "/v3/orderexecution/orders", body, true);
        JsonNode placed = answer.path("Orders");
        JsonNode errors = answer.path("Errors");
        if (placed.isEmpty()) {
            if (!errors.isEmpty()) {
                String reason = message(errors.get(0));
                if (TradeStationClient.isDuplicate(reason)) {
                    throw new DuplicateClientOrderIdException(reason);
                }
                throw new BrokerRejectedException(reason);
            }
            throw new OutcomeUnknownException("TradeStation answered the order " + order.id() + " without an OrderID",
                    null);
        }
        String orderId = placed.get(0).path("OrderID").asText();
        ids.remember(account.id(), order.id(), orderId);
        String status = "ACK";
        if (!errors.isEmpty()) {
            // the entry exists, so it is acknowledged; a refused exit of its bracket must be visible
            status = "ACK; bracket refused: " + message(errors.get(0));
            LOG.error("TradeStation placed order {} for copy {} on account {} but refused part of its bracket: {}",
                    orderId, order.id(), account.id(), message(errors.get(0)));
        }
        return new BrokerAck(orderId, symbol, status, false);
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        List<JsonNode> today = new ArrayList<>();
        client.get(account, "/v3/brokerage/accounts/" + account.brokerAccount() + "/orders").path("Orders")
                .forEach(today::add);
        Optional<String> known = ids.brokerOrderId(account.id(), order.id());
        if (known.isPresent()) {
            String orderId = known.get();
            return Optional.of(today.stream().filter(o -> orderId.equals(BrokerJson.text(o, "OrderID")))
                    .findFirst().map(o -> TradeStationOrderMapper.ack(o, true))
                    .orElse(new BrokerAck(orderId, null, null, true)));
        }
        if (order.intent() != OrderIntent.PLACE || order.instrument() == null) {
            return Optional.empty();
        }
        Optional<JsonNode> match = today.stream()
                .filter(o -> ids.clientOrderId(account.id(), BrokerJson.text(o, "OrderID")).isEmpty())
                .filter(o -> sameTerms(o, order))
                .min(Comparator.comparing((JsonNode o) -> BrokerJson.instant(o, "OpenedDateTime"),
                        Comparator.nullsLast(Comparator.naturalOrder())));
        match.ifPresent(o -> ids.remember(account.id(), order.id(), BrokerJson.text(o, "OrderID")));
        return match.map(o -> TradeStationOrderMapper.ack(o, true));
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.CANCEL);
        String target = target(order, account);
        if (order.attempts() > 0) {
            JsonNode current = current(account, target);
            if (current != null && CANCELLED.contains(BrokerJson.text(current, "Status"))) {
                return TradeStationOrderMapper.ack(current, true); // an earlier attempt got through
            }
        }
        JsonNode answer = client.send(account, "DELETE", "/v3/orderexecution/orders/" + target, null, true);
        requireNoError(answer);
        ids.remember(account.id(), order.id(), target);
        return new BrokerAck(target, symbolOrNull(order), "UCN", false);
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.MODIFY);
        String target = target(order, account);
        JsonNode current = order.orderType() != null || order.attempts() > 0 ? current(account, target) : null;
        if (order.attempts() > 0 && current != null && alreadyApplied(current, order)) {
            return TradeStationOrderMapper.ack(current, true);
        }
        ObjectNode body = TradeStationOrderMapper.replace(order, BrokerJson.text(current, "OrderType"));
        JsonNode answer = client.send(account, "PUT", "/v3/orderexecution/orders/" + target, body, true);
        requireNoError(answer);
        ids.remember(account.id(), order.id(), target);
        return new BrokerAck(target, symbolOrNull(order), "RSN", false);
    }

    private String target(CopyOrder order, BrokerAccount account) {
        if (order.targetOrderId() == null || order.targetOrderId().isBlank()) {
            throw new BrokerRejectedException("targetOrderId: a " + order.intent()
                    + " needs the client order id of the working order");
        }
        return ids.brokerOrderId(account.id(), order.targetOrderId()).orElseThrow(() -> new BrokerRejectedException(
                "no TradeStation order is known for copy order " + order.targetOrderId() + " on account " + account.id()
                        + " (TradeStation does not echo OrderConfirmID; the order id store has none)"));
    }

    private JsonNode current(BrokerAccount account, String orderId) {
        JsonNode orders = client.get(account, "/v3/brokerage/accounts/" + account.brokerAccount() + "/orders/" + orderId)
                .path("Orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private static boolean alreadyApplied(JsonNode current, CopyOrder order) {
        JsonNode leg = current.path("Legs").path(0);
        return (order.quantity() == null || same(order.quantity(), BrokerJson.decimal(leg, "QuantityOrdered")))
                && (order.limitPrice() == null || same(order.limitPrice(), BrokerJson.decimal(current, "LimitPrice")))
                && (order.stopPrice() == null || same(order.stopPrice(), BrokerJson.decimal(current, "StopPrice")));
    }

    private boolean sameTerms(JsonNode o, CopyOrder order) {
        JsonNode leg = o.path("Legs").path(0);
        Instant opened = BrokerJson.instant(o, "OpenedDateTime");
        return codec.encode(order.instrument()).equals(BrokerJson.text(leg, "Symbol"))
                && order.side().name().equalsIgnoreCase(BrokerJson.text(leg, "BuyOrSell"))
                && same(order.quantity(), BrokerJson.decimal(leg, "QuantityOrdered"))
                && TradeStationOrderMapper.orderType(order.orderType()).equals(BrokerJson.text(o, "OrderType"))
                && (!order.orderType().needsLimitPrice()
                        || same(order.limitPrice(), BrokerJson.decimal(o, "LimitPrice")))
                && (!order.orderType().needsStopPrice()
                        || same(order.stopPrice(), BrokerJson.decimal(o, "StopPrice")))
                && (order.signalReceivedAt() == null || opened == null
                        || !opened.isBefore(order.signalReceivedAt().minus(CLOCK_SKEW)));
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a != null && b != null && a.compareTo(b) == 0;
    }

    private static void requireNoError(JsonNode answer) {
        String error = BrokerJson.text(answer, "Error");
        if (error != null && !error.isBlank()) {
            throw new BrokerRejectedException(Objects.requireNonNullElse(BrokerJson.text(answer, "Message"), error));
        }
    }

    private static String message(JsonNode error) {
        String m = BrokerJson.text(error, "Message");
        return m != null ? m : Objects.requireNonNullElse(BrokerJson.text(error, "Error"), "order refused");
    }

    private String symbolOrNull(CopyOrder order) {
        try {
            return order.instrument() == null ? null : codec.encode(order.instrument());
        } catch (BrokerRejectedException e) {
            return null;
        }
    }

    private static void requireIntent(CopyOrder order, OrderIntent expected) {
        if (order.intent() != expected) {
            throw new BrokerRejectedException("intent: expected " + expected + ", was " + order.intent());
        }
    }
}
