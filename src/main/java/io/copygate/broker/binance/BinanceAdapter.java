package io.copygate.broker.binance;

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
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * copygate's Binance Spot follower: places, looks up, cancels and modifies (cancel-replace) copy
 * orders under their client order id ({@code newClientOrderId}). Binance refuses a duplicate id
 * only while the first order is open, so a delivery that may follow an unknown outcome
 * ({@code attempts > 0}) looks the id up before placing anything.
 */
public final class BinanceAdapter implements BrokerAdapter, io.copygate.broker.VenueSizing {
    private final BinanceClient client;
    private final BinanceExchangeInfo exchangeInfo;
    private final BinanceSymbolCodec codec = new BinanceSymbolCodec();

    public BinanceAdapter(BrokerHttp http) {
        this(http, Clock.systemUTC());
    }

    public BinanceAdapter(BrokerHttp http, Clock clock) {
        this.client = new BinanceClient(http, clock);
        this.exchangeInfo = new BinanceExchangeInfo(client);
    }

    @Override
    public String broker() {
        return "binance";
    }

    /** The symbol's filters (fetched once per host and symbol), for sizing and the slippage guard. */
    public SymbolRules symbolRules(CopyOrder order, BrokerAccount account) {
        return exchangeInfo.rules(BinanceConfig.of(account), codec.toVenue(order.instrument()));
    }

    /** The copy's quantity rounded to LOT_SIZE, or the reason it must be skipped (below the minimums). */
    public SymbolRules.Sized size(CopyOrder order, BrokerAccount account) {
        return BinanceOrderMapper.size(order, symbolRules(order, account));
    }

    /** A market copy turned into a LIMIT IOC bounded by {@code maxSlippage} (fraction) around the master's price. */
    public CopyOrder guardSlippage(CopyOrder order, BrokerAccount account, BigDecimal maxSlippage) {
        return BinanceOrderMapper.guardSlippage(order, symbolRules(order, account), maxSlippage);
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
        BinanceConfig config = BinanceConfig.of(account);
        SymbolRules rules = exchangeInfo.rules(config, codec.toVenue(order.instrument()));
        Map<String, String> params = BinanceOrderMapper.newOrder(order, rules);
        JsonNode answer = client.signed(config, BinanceSigner.of(account), "POST", "/api/v3/order", params, true);
        return BinanceOrderMapper.ack(answer, false);
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        if (order.intent() == OrderIntent.CANCEL) {
            // a cancel has no order of its own: it took effect when its target is canceled
            return query(account, order, order.targetOrderId())
                    .filter(o -> "CANCELED".equals(o.path("status").asText()))
                    .map(o -> BinanceOrderMapper.ack(o, true));
        }
        return query(account, order, order.id()).map(o -> BinanceOrderMapper.ack(o, true));
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        requireIntent(order, OrderIntent.CANCEL);
        BinanceConfig config = BinanceConfig.of(account);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", codec.toVenue(order.instrument()));
        p.put("origClientOrderId", BinanceOrderMapper.clientId(order.targetOrderId(), "targetOrderId"));
        p.put("newClientOrderId", BinanceOrderMapper.clientId(order.id(), "id"));
        try {
            return BinanceOrderMapper.ack(client.signed(config, BinanceSigner.of(account), "DELETE", "/api/v3/order",
                    p, true), false);
        } catch (BinanceClient.BinanceRejectedException e) {
            if (e.code == -2011) {
                // "Unknown order sent.": a retried cancel whose first attempt already took effect
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
        if (order.attempts() > 0) {
            Optional<BrokerAck> earlier = findByClientOrderId(order, account);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        BinanceConfig config = BinanceConfig.of(account);
        SymbolRules rules = exchangeInfo.rules(config, codec.toVenue(order.instrument()));
        JsonNode target = query(account, order, BinanceOrderMapper.clientId(order.targetOrderId(), "targetOrderId"))
                .orElseThrow(() -> new BrokerRejectedException("Binance has no order " + order.targetOrderId()
                        + " to modify"));
        Map<String, String> p = BinanceOrderMapper.cancelReplace(order, target, rules);
        JsonNode answer = client.signed(config, BinanceSigner.of(account), "POST", "/api/v3/order/cancelReplace", p,
                true);
        return BinanceOrderMapper.ack(answer.path("newOrderResponse"), false);
    }

    private Optional<JsonNode> query(BrokerAccount account, CopyOrder order, String clientOrderId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", codec.toVenue(order.instrument()));
        p.put("origClientOrderId", clientOrderId);
        try {
            return Optional.of(client.signed(BinanceConfig.of(account), BinanceSigner.of(account), "GET",
                    "/api/v3/order", p, false));
        } catch (BinanceClient.BinanceRejectedException e) {
            if (e.code == -2013) { // "Order does not exist."
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void requireIntent(CopyOrder order, OrderIntent expected) {
        if (order.intent() != expected) {
            throw new IllegalArgumentException("copy order " + order.id() + " has intent " + order.intent()
                    + ", expected " + expected);
        }
    }
}
