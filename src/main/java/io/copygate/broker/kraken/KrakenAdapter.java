package io.copygate.broker.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.BrokerRejectedException;
import io.copygate.broker.SymbolRules;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.OrderIntent;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * copygate's Kraken Spot follower: {@code AddOrder} under {@code cl_ord_id} = the copy order id,
 * {@code CancelOrder} and {@code AmendOrder} (in place: the order keeps its ids) by the target's
 * cl_ord_id, lookup through {@code OpenOrders} then {@code ClosedOrders} filtered by cl_ord_id.
 * Kraken refuses a reused cl_ord_id only among open orders, so a delivery after an unknown outcome
 * ({@code attempts > 0}) looks the id up before placing.
 */
public final class KrakenAdapter implements BrokerAdapter, io.copygate.broker.VenueSizing {
    private final KrakenClient client;
    private final KrakenAssetPairs pairs;
    private final KrakenSymbolCodec codec = new KrakenSymbolCodec();

    public KrakenAdapter(BrokerHttp http) {
        this.client = new KrakenClient(http);
        this.pairs = new KrakenAssetPairs(client);
    }

    @Override
    public String broker() {
        return "kraken";
    }

    public SymbolRules symbolRules(CopyOrder order, BrokerAccount account) {
        return pairs.rules(KrakenConfig.of(account), codec.toVenue(order.instrument()));
    }

    /** The copy's quantity on the pair's lot decimals, or why it is skipped (ordermin / costmin). */
    public SymbolRules.Sized size(CopyOrder order, BrokerAccount account) {
        return KrakenOrderMapper.size(order, symbolRules(order, account));
    }

    /** A market copy as a limit IOC within {@code maxSlippage} (fraction) of the master's price. */
    public CopyOrder guardSlippage(CopyOrder order, BrokerAccount account, BigDecimal maxSlippage) {
        return KrakenOrderMapper.guardSlippage(order, symbolRules(order, account), maxSlippage);
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.PLACE);
        if (order.attempts() > 0) {
            Optional<BrokerAck> earlier = findByClientOrderId(order, account);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        KrakenConfig config = KrakenConfig.of(account);
        SymbolRules rules = pairs.rules(config, codec.toVenue(order.instrument()));
        Map<String, Object> fields = KrakenOrderMapper.addOrder(order, rules);
        JsonNode result = client.privateCall(config, KrakenSigner.of(account), "AddOrder", fields, true);
        String txid = result.path("txid").path(0).asText();
        // AddOrder answers with the txid only; the order is at least pending at Kraken
        return new BrokerAck(txid, rules.venueSymbol(), "pending", false);
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        return switch (order.intent()) {
            case PLACE -> lookup(account, order.id()).map(e -> KrakenOrderMapper.ack(e.getKey(), e.getValue(), true));
            case CANCEL -> lookup(account, order.targetOrderId())
                    .filter(e -> "canceled".equals(e.getValue().path("status").asText()))
                    .map(e -> KrakenOrderMapper.ack(e.getKey(), e.getValue(), true));
            case MODIFY -> lookup(account, order.targetOrderId())
                    .filter(e -> amended(order, e.getValue()))
                    .map(e -> KrakenOrderMapper.ack(e.getKey(), e.getValue(), true));
        };
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.CANCEL);
        KrakenConfig config = KrakenConfig.of(account);
        try {
            JsonNode result = client.privateCall(config, KrakenSigner.of(account), "CancelOrder",
                    Map.of("cl_ord_id", KrakenOrderMapper.clientId(order.targetOrderId(), "targetOrderId")), true);
            String status = result.path("pending").asBoolean() ? "pending_cancel" : "canceled";
            return lookup(account, order.targetOrderId())
                    .map(e -> new BrokerAck(e.getKey(), e.getValue().path("descr").path("pair").asText(), status, false))
                    .orElse(new BrokerAck(null, codec.toVenue(order.instrument()), status, false));
        } catch (KrakenClient.KrakenRejectedException e) {
            if (e.getMessage().startsWith("EOrder:Unknown order")) {
                // a retried cancel whose first attempt already took effect
                Optional<BrokerAck> done = findByClientOrderId(order, account);
                if (done.isPresent()) {
                    return done.get();
                }
            }
            throw e;
        }
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.MODIFY);
        KrakenConfig config = KrakenConfig.of(account);
        SymbolRules rules = pairs.rules(config, codec.toVenue(order.instrument()));
        Map.Entry<String, JsonNode> target = lookup(account, order.targetOrderId())
                .orElseThrow(() -> new BrokerRejectedException("Kraken has no order " + order.targetOrderId()
                        + " to modify"));
        if (order.attempts() > 0 && amended(order, target.getValue())) {
            return KrakenOrderMapper.ack(target.getKey(), target.getValue(), true);
        }
        client.privateCall(config, KrakenSigner.of(account), "AmendOrder",
                KrakenOrderMapper.amendOrder(order, target.getValue(), rules), true);
        return new BrokerAck(target.getKey(), target.getValue().path("descr").path("pair").asText(), "open", false);
    }

    /** The account's order with this cl_ord_id: open first, else the latest closed one. */
    private Optional<Map.Entry<String, JsonNode>> lookup(BrokerAccount account, String clientOrderId) {
        KrakenConfig config = KrakenConfig.of(account);
        KrakenSigner signer = KrakenSigner.of(account);
        Map<String, Object> filter = Map.of("cl_ord_id", KrakenOrderMapper.clientId(clientOrderId, "client order id"));
        Optional<Map.Entry<String, JsonNode>> open = latest(client.privateCall(config, signer, "OpenOrders", filter,
                false).path("open"));
        if (open.isPresent()) {
            return open;
        }
        return latest(client.privateCall(config, signer, "ClosedOrders", filter, false).path("closed"));
    }

    private static Optional<Map.Entry<String, JsonNode>> latest(JsonNode orders) {
        Map.Entry<String, JsonNode> best = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = orders.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (best == null || e.getValue().path("opentm").asDouble() > best.getValue().path("opentm").asDouble()) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the working order already carries what the modify asks for (an earlier attempt took effect). */
    private static boolean amended(CopyOrder order, JsonNode o) {
        boolean qty = order.quantity() == null
                || order.quantity().compareTo(new BigDecimal(o.path("vol").asText("0"))) == 0;
        boolean limit = order.limitPrice() == null || order.limitPrice().compareTo(
                new BigDecimal(o.path("descr").path(o.path("descr").path("ordertype").asText().endsWith("limit")
                        && o.path("descr").path("ordertype").asText().startsWith("stop") ? "price2" : "price")
                        .asText("0"))) == 0;
        return qty && limit;
    }

    private static void requireIntent(CopyOrder order, OrderIntent expected) {
        if (order.intent() != expected) {
            throw new IllegalArgumentException("copy order " + order.id() + " has intent " + order.intent()
                    + ", expected " + expected);
        }
    }
}
