package io.copygate.ingest;

import io.copygate.signal.Bracket;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CrossTrade / NinjaTrader ATI style text body: {@code key=value;} pairs, e.g.
 * {@code command=PLACE; account=Sim101; instrument=ES 12-25; action=BUY; qty=1; order_type=MARKET; tif=DAY;}
 * (docs.crosstrade.io/webhooks/commands). Supported commands: PLACE, CANCEL, CHANGE, CLOSEPOSITION,
 * FLATTEN, FLATTENEVERYTHING. The {@code account} named in the text is the NinjaTrader account of the
 * sender; which master it copies is decided by the webhook token. A {@code key=} secret in the body is
 * never kept: the journal stores the body with it masked.
 */
public final class AtiCommand {
    private static final Pattern SECRET = Pattern.compile("(?i)(^|;)(\\s*key\\s*=)[^;]*");
    private final TickerParser tickers;
    private final Clock clock;

    public AtiCommand(TickerParser tickers, Clock clock) {
        this.tickers = tickers;
        this.clock = clock;
    }

    /** True for a body in this format (rather than JSON). */
    public static boolean looksLike(String body) {
        String t = body == null ? "" : body.trim();
        return !t.startsWith("{") && !t.startsWith("[") && t.contains("=");
    }

    public Signal normalize(String body, String masterAccount, String tenant) {
        Map<String, String> f = parse(body);
        String command = require(f, "command").toUpperCase(Locale.ROOT);
        String orderId = f.get("order_id");
        String eventId = f.containsKey("id") ? f.get("id") : orderId == null ? null : command + ":" + orderId;
        Signal.Builder s = SignalDraft.start("tradingview-ati", masterAccount, tenant, SECRET.matcher(body).replaceAll("$1$2***"), clock)
                .sourceEventId(eventId)
                .masterOrderRef(orderId);
        switch (command) {
            case "PLACE" -> {
                OrderType type = orderType(f.getOrDefault("order_type", "MARKET"));
                BigDecimal limit = decimal(f, "limit_price");
                BigDecimal stop = decimal(f, "stop_price");
                s.kind(SignalKind.ORDER_NEW).instrument(tickers.parse(require(f, "instrument")))
                        .side(side(require(f, "action"))).quantity(quantity(f)).orderType(type)
                        .limitPrice(limit).stopPrice(stop)
                        .timeInForce(tif(f.get("tif")));
                BigDecimal tp = decimal(f, "take_profit");
                BigDecimal sl = decimal(f, "stop_loss");
                if (tp != null || sl != null) {
                    s.bracket(new Bracket(sl, decimal(f, "stop_loss_limit"), tp));
                }
            }
            case "CANCEL" -> s.kind(SignalKind.ORDER_CANCEL).instrument(tickers.parse(require(f, "instrument")));
            case "CHANGE" -> s.kind(SignalKind.ORDER_MODIFY).instrument(tickers.parse(require(f, "instrument")))
                    .quantity(f.containsKey("qty") ? quantity(f) : null)
                    .limitPrice(decimal(f, "limit_price")).stopPrice(decimal(f, "stop_price"));
            case "CLOSEPOSITION" -> s.kind(SignalKind.POSITION_TARGET).instrument(tickers.parse(require(f, "instrument")))
                    .targetPosition(BigDecimal.ZERO);
            case "FLATTEN" -> s.kind(SignalKind.FLATTEN)
                    .instrument(f.containsKey("instrument") ? tickers.parse(f.get("instrument")) : null);
            case "FLATTENEVERYTHING" -> s.kind(SignalKind.FLATTEN);
            default -> throw InvalidSignalException.invalid("command", "command " + command + " is not supported: "
                    + "expected PLACE, CANCEL, CHANGE, CLOSEPOSITION, FLATTEN or FLATTENEVERYTHING");
        }
        return s.build().validate();
    }

    static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : body.split("[;\\n]")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw InvalidSignalException.malformed("'" + (p.length() > 40 ? p.substring(0, 40) + "..." : p)
                        + "' is not a key=value pair");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            if (fields.put(key, value) != null && !"key".equals(key)) {
                throw InvalidSignalException.invalid(key, key + " is given twice");
            }
        }
        return fields;
    }

    private static String require(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            throw InvalidSignalException.invalid(key, key + " is required");
        }
        return v;
    }

    private static Side side(String action) {
        return switch (action.toUpperCase(Locale.ROOT)) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> throw InvalidSignalException.invalid("action", "unknown action '" + action + "': expected BUY or SELL");
        };
    }

    private static OrderType orderType(String value) {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "MARKET" -> OrderType.MARKET;
            case "LIMIT" -> OrderType.LIMIT;
            case "STOPMARKET", "STOP" -> OrderType.STOP;
            case "STOPLIMIT" -> OrderType.STOP_LIMIT;
            default -> throw InvalidSignalException.invalid("order_type", "unknown order_type '" + value
                    + "': expected MARKET, LIMIT, STOPMARKET or STOPLIMIT");
        };
    }

    private static TimeInForce tif(String value) {
        if (value == null) {
            return TimeInForce.DAY;
        }
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "DAY" -> TimeInForce.DAY;
            case "GTC" -> TimeInForce.GTC;
            default -> throw InvalidSignalException.invalid("tif", "unknown tif '" + value + "': expected DAY or GTC");
        };
    }

    private static BigDecimal quantity(Map<String, String> f) {
        BigDecimal q = decimal(f, "qty");
        if (q == null) {
            throw InvalidSignalException.invalid("qty", "qty is required");
        }
        if (q.stripTrailingZeros().scale() > 0) {
            throw InvalidSignalException.invalid("qty", "qty must be a whole number of contracts, was " + q.toPlainString());
        }
        return q;
    }

    private static BigDecimal decimal(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw InvalidSignalException.invalid(key, key + " must be a number with a '.' separator, was '" + v + "'");
        }
    }
}
