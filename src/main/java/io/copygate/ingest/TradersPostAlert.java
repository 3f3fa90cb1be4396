package io.copygate.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Bracket;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;

/**
 * TradingView alerts in the TradersPost JSON format (docs.traderspost.io, "Webhooks"):
 * {@code ticker}, {@code action} (buy, sell, exit, cancel, add), {@code sentiment} (long, short, flat,
 * bullish, bearish), {@code quantity}, {@code orderType}, {@code limitPrice}, {@code stopPrice},
 * {@code timeInForce}, {@code stopLoss{}}, {@code takeProfit{}}, {@code price}/{@code signalPrice},
 * {@code time}, {@code id}. Unknown fields are ignored, as TradersPost does.
 *
 * <p>Where copygate differs: {@code price} is the master's reference price, not a limit order
 * (TradersPost decides that per subscription; a copier copies the master's order type). A missing
 * quantity is 1; each copy link sizes it.
 *
 * <p>Position semantics: {@code buy} with sentiment {@code long}/{@code bullish} (and {@code sell} with
 * {@code short}/{@code bearish}) says where the master ends up, so, as at TradersPost, a follower holding
 * the other side closes it first and then enters ({@link Signal#closeOpposite()}). Without a sentiment,
 * or with the other one, the order is copied as it is (a partial exit stays a partial exit). A
 * {@code position_size} (TradingView's {@code {{strategy.position_size}}}, the master's signed position
 * after the order) makes the alert a position target: each follower is driven to its scaled target.
 */
public final class TradersPostAlert {
    private static final String ACTIONS = "buy, sell, exit, cancel or add";
    private final TickerParser tickers;
    private final Clock clock;

    public TradersPostAlert(TickerParser tickers, Clock clock) {
        this.tickers = tickers;
        this.clock = clock;
    }

    public Signal normalize(String body, String masterAccount, String tenant) {
        ObjectNode json = JsonFields.object(body);
        Signal.Builder s = SignalDraft.start("tradingview", masterAccount, tenant, body, clock)
                .sourceEventId(JsonFields.text(json, "id"))
                .sourceTime(JsonFields.instant(json, "time"))
                .instrument(tickers.parse(JsonFields.text(json, "ticker")));

        String action = JsonFields.lower(json, "action");
        String sentiment = JsonFields.lower(json, "sentiment");
        if (action == null) {
            throw InvalidSignalException.invalid("action", "action is required: " + ACTIONS);
        }
        if (sentiment != null && !sentiment.matches("long|short|flat|bullish|bearish")) {
            throw InvalidSignalException.invalid("sentiment", "unknown sentiment '" + sentiment
                    + "': expected long, short, flat, bullish or bearish");
        }
        BigDecimal price = JsonFields.decimal(json, "price");
        if (price == null) {
            price = JsonFields.decimal(json, "signalPrice");
        }
        s.price(price);
        BigDecimal quantity = JsonFields.decimal(json, "quantity");

        BigDecimal positionSize = JsonFields.decimal(json, "position_size");
        switch (action) {
            case "buy", "sell" -> {
                Side side = "buy".equals(action) ? Side.BUY : Side.SELL;
                if ("flat".equals(sentiment)) {
                    if (positionSize != null && positionSize.signum() != 0) {
                        throw InvalidSignalException.invalid("position_size", "sentiment flat contradicts position_size "
                                + positionSize.toPlainString());
                    }
                    // TradersPost: flat always exits the whole position and never reverses
                    return s.kind(SignalKind.POSITION_TARGET).side(side).targetPosition(BigDecimal.ZERO).build().validate();
                }
                if (positionSize != null) {
                    return target(s, json, side, positionSize);
                }
                entry(s, json, side, quantity, price);
                // the sentiment names the side the master ends on: a follower on the other side closes it first
                s.closeOpposite(side == Side.BUY ? "long".equals(sentiment) || "bullish".equals(sentiment)
                        : "short".equals(sentiment) || "bearish".equals(sentiment));
            }
            case "add" -> {
                if (sentiment == null || "flat".equals(sentiment)) {
                    throw InvalidSignalException.invalid("sentiment", "action add needs sentiment long or short");
                }
                Side side = sentiment.matches("long|bullish") ? Side.BUY : Side.SELL;
                entry(s, json, side, quantity, price);
            }
            case "exit" -> {
                if (quantity != null) {
                    throw InvalidSignalException.invalid("quantity", "exit closes the whole position; to exit part of it "
                            + "send buy or sell with the quantity");
                }
                s.kind(SignalKind.POSITION_TARGET).targetPosition(BigDecimal.ZERO);
            }
            case "cancel" -> s.kind(SignalKind.ORDER_CANCEL);
            default -> throw InvalidSignalException.invalid("action", "unknown action '" + action + "': expected " + ACTIONS);
        }
        return s.build().validate();
    }

    /** The master's signed position after the order; followers are driven to their scaled target by market orders. */
    private static Signal target(Signal.Builder s, ObjectNode json, Side side, BigDecimal positionSize) {
        String type = JsonFields.lower(json, "orderType");
        if (type != null && !"market".equals(type)) {
            throw InvalidSignalException.invalid("orderType", "a position_size target is reached with market orders; "
                    + "send orderType market or leave it out, was " + type);
        }
        if (json.hasNonNull("stopLoss") || json.hasNonNull("takeProfit")) {
            throw InvalidSignalException.invalid("position_size", "a position_size target carries no bracket; "
                    + "send the bracket with a buy or sell without position_size");
        }
        return s.kind(SignalKind.POSITION_TARGET).side(side).targetPosition(positionSize).build().validate();
    }

    private static void entry(Signal.Builder s, ObjectNode json, Side side, BigDecimal quantity, BigDecimal price) {
        OrderType type = orderType(JsonFields.lower(json, "orderType"));
        BigDecimal limit = JsonFields.decimal(json, "limitPrice");
        if (limit == null && type.needsLimitPrice()) {
            limit = price; // an indicator alert's {{close}} is the natural limit when none is given
        }
        BigDecimal stop = JsonFields.decimal(json, "stopPrice");
        BigDecimal reference = type == OrderType.LIMIT ? limit : type == OrderType.STOP ? stop : price;
        s.kind(SignalKind.ORDER_NEW).side(side)
                .quantity(quantity == null ? BigDecimal.ONE : quantity)
                .orderType(type).limitPrice(limit).stopPrice(stop)
                .timeInForce(JsonFields.choice(JsonFields.lower(json, "timeInForce"), "timeInForce", TimeInForce.class,
                        "day, gtc, ioc or fok"))
                .bracket(bracket(json, side, reference));
    }

    private static OrderType orderType(String value) {
        if (value == null) {
            return OrderType.MARKET;
        }
        if ("trailing_stop".equals(value)) {
            throw InvalidSignalException.invalid("orderType", "orderType trailing_stop is not supported: "
                    + "expected market, limit, stop or stop_limit");
        }
        return JsonFields.choice(value, "orderType", OrderType.class, "market, limit, stop or stop_limit");
    }

    /** Stop-loss and take-profit as absolute prices; percent and amount are taken from the reference price. */
    private static Bracket bracket(ObjectNode json, Side side, BigDecimal reference) {
        JsonNode sl = json.get("stopLoss");
        JsonNode tp = json.get("takeProfit");
        if ((sl == null || sl.isNull()) && (tp == null || tp.isNull())) {
            return null;
        }
        BigDecimal stop = null;
        BigDecimal stopLimit = null;
        if (sl != null && !sl.isNull()) {
            requireObject(sl, "stopLoss");
            String type = JsonFields.lower(sl, "type");
            if (type != null && !type.matches("stop|stop_limit")) {
                throw InvalidSignalException.invalid("stopLoss.type", "stopLoss type '" + type
                        + "' is not supported: expected stop or stop_limit");
            }
            stop = level(sl, "stopLoss", "stopPrice", side, reference, false);
            stopLimit = JsonFields.number(sl.get("limitPrice"), "stopLoss.limitPrice");
            if ("stop_limit".equals(type) && stopLimit == null) {
                throw InvalidSignalException.invalid("stopLoss.limitPrice", "a stop_limit stopLoss needs limitPrice");
            }
        }
        BigDecimal target = null;
        if (tp != null && !tp.isNull()) {
            requireObject(tp, "takeProfit");
            target = level(tp, "takeProfit", "limitPrice", side, reference, true);
        }
        return new Bracket(stop, stopLimit, target);
    }

    private static BigDecimal level(JsonNode node, String name, String absoluteField, Side side, BigDecimal reference,
                                    boolean profit) {
        BigDecimal absolute = JsonFields.number(node.get(absoluteField), name + "." + absoluteField);
        if (absolute != null) {
            return absolute;
        }
        BigDecimal percent = JsonFields.number(node.get("percent"), name + ".percent");
        BigDecimal amount = JsonFields.number(node.get("amount"), name + ".amount");
        if (percent == null && amount == null) {
            throw InvalidSignalException.invalid(name, name + " needs " + absoluteField + ", percent or amount");
        }
        if (reference == null) {
            throw InvalidSignalException.invalid(name, name + " in percent or amount needs a price to measure from: "
                    + "send price, signalPrice or limitPrice");
        }
        BigDecimal distance = amount != null ? amount
                : reference.multiply(percent).divide(BigDecimal.valueOf(100), MathContext.DECIMAL64);
        // a long's profit is above its entry and its stop below; a short's the other way round
        boolean above = profit == (side == Side.BUY);
        return above ? reference.add(distance) : reference.subtract(distance);
    }

    private static void requireObject(JsonNode node, String field) {
        if (!node.isObject()) {
            throw InvalidSignalException.invalid(field, field + " must be an object");
        }
    }
}
