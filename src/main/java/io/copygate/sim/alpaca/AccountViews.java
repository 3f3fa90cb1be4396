package io.copygate.sim.alpaca;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The read side: GET /v2/account, /v2/positions and /v2/orders, shaped as the OpenAPI schemas. */
final class AccountViews {
    private final OrderDesk desk;

    AccountViews(OrderDesk desk) {
        this.desk = desk;
    }

    /** Only fields of the document's Account schema (which rejects others), though live Alpaca sends a few more. */
    ObjectNode account(SimAccount a) {
        synchronized (a) {
            BigDecimal equity = desk.balances.equity(a);
            BigDecimal longValue = BigDecimal.ZERO;
            BigDecimal shortValue = BigDecimal.ZERO;
            for (SimAccount.Position p : a.positions.values()) {
                BigDecimal value = desk.balances.marketValue(p);
                if (value.signum() >= 0) {
                    longValue = longValue.add(value);
                } else {
                    shortValue = shortValue.add(value);
                }
            }
            BigDecimal buyingPower = desk.balances.buyingPower(a);
            ObjectNode o = SimJson.object();
            o.put("id", a.id);
            o.put("account_number", a.accountNumber);
            o.put("status", "ACTIVE");
            o.put("crypto_status", "ACTIVE");
            o.put("currency", "USD");
            o.put("buying_power", SimJson.decimal(buyingPower));
            o.put("regt_buying_power", SimJson.decimal(buyingPower));
            o.put("non_marginable_buying_power", SimJson.decimal(a.cash.max(BigDecimal.ZERO)));
            o.put("cash", SimJson.decimal(a.cash));
            o.put("portfolio_value", SimJson.decimal(equity));
            o.put("equity", SimJson.decimal(equity));
            o.put("last_equity", SimJson.decimal(equity));
            o.put("long_market_value", SimJson.decimal(longValue));
            o.put("short_market_value", SimJson.decimal(shortValue));
            o.put("initial_margin", SimJson.decimal(desk.balances.initialMargin(a)));
            o.put("maintenance_margin", SimJson.decimal(desk.balances.initialMargin(a)));
            o.put("last_maintenance_margin", SimJson.decimal(desk.balances.initialMargin(a)));
            o.put("multiplier", Integer.toString(a.multiplier));
            o.put("shorting_enabled", a.multiplier > 1);
            o.put("trading_blocked", false);
            o.put("transfers_blocked", false);
            o.put("account_blocked", false);
            o.put("trade_suspended_by_user", false);
            o.put("sma", "0");
            o.put("accrued_fees", "0");
            o.put("pending_transfer_in", "0");
            o.put("created_at", "2024-01-02T14:30:00Z");
            o.put("balance_asof", LocalDate.now(ZoneOffset.UTC).toString());
            return o;
        }
    }

    ArrayNode positions(SimAccount a) {
        ArrayNode list = SimJson.MAPPER.createArrayNode();
        synchronized (a) {
            for (SimAccount.Position p : a.positions.values()) {
                list.add(position(p));
            }
        }
        return list;
    }

    private ObjectNode position(SimAccount.Position p) {
        BigDecimal price = desk.price(p.symbol) != null ? desk.price(p.symbol) : p.avgEntryPrice;
        BigDecimal value = p.qty.multiply(price);
        BigDecimal cost = p.qty.multiply(p.avgEntryPrice);
        BigDecimal pl = value.subtract(cost);
        BigDecimal plpc = cost.signum() == 0 ? BigDecimal.ZERO : pl.divide(cost.abs(), 10, RoundingMode.HALF_EVEN);
        ObjectNode o = SimJson.object();
        o.put("asset_id", UUID.nameUUIDFromBytes(p.symbol.getBytes(StandardCharsets.UTF_8)).toString());
        o.put("symbol", p.crypto ? p.symbol.replace("/", "") : p.symbol); // positions name crypto pairs without the slash
        o.put("exchange", p.crypto ? "CRYPTO" : "NASDAQ");
        o.put("asset_class", p.crypto ? "crypto" : "us_equity");
        o.put("asset_marginable", !p.crypto);
        o.put("avg_entry_price", SimJson.decimal(p.avgEntryPrice));
        o.put("qty", SimJson.decimal(p.qty));
        o.put("qty_available", SimJson.decimal(p.qty));
        o.put("side", p.qty.signum() < 0 ? "short" : "long");
        o.put("market_value", SimJson.decimal(value));
        o.put("cost_basis", SimJson.decimal(cost));
        o.put("unrealized_pl", SimJson.decimal(pl));
        o.put("unrealized_plpc", SimJson.decimal(plpc));
        o.put("unrealized_intraday_pl", SimJson.decimal(pl));
        o.put("unrealized_intraday_plpc", SimJson.decimal(plpc));
        o.put("current_price", SimJson.decimal(price));
        o.put("lastday_price", SimJson.decimal(price));
        o.put("change_today", "0");
        return o;
    }

    /** GET /v2/orders with its documented filters: status, limit, after/until, direction, nested, symbols, side, after_order_id/before_order_id. */
    ArrayNode orders(SimAccount a, MultiMap q) {
        String status = q.get("status") == null ? "open" : q.get("status");
        OrderRules.requireOneOf("status", status, Set.of("open", "closed", "all"));
        int limit = q.get("limit") == null ? 50 : Math.min(500, positiveInt("limit", q.get("limit")));
        Instant after = time("after", q.get("after"));
        Instant until = time("until", q.get("until"));
        boolean ascending = "asc".equals(q.get("direction"));
        boolean nested = "true".equalsIgnoreCase(q.get("nested"));
        Set<String> symbols = q.get("symbols") == null ? null : new HashSet<>(Arrays.asList(q.get("symbols").split(",")));
        String side = q.get("side");
        String afterId = q.get("after_order_id");
        String beforeId = q.get("before_order_id");
        ArrayNode list = SimJson.MAPPER.createArrayNode();
        synchronized (a) {
            List<SimOrder> orders = a.ordersInSubmission; // submission order = submitted_at order
            int from = 0;
            int to = orders.size();
            if (afterId != null) {
                from = orders.indexOf(desk.find(a, afterId)) + 1;
            }
            if (beforeId != null) {
                to = orders.indexOf(desk.find(a, beforeId));
            }
            List<SimOrder> window = new ArrayList<>(orders.subList(from, Math.max(from, to)));
            if (!ascending) {
                Collections.reverse(window);
            }
            for (SimOrder o : window) {
                if (list.size() >= limit) {
                    break;
                }
                boolean matches = (status.equals("all") || (status.equals("open") == o.isOpen()))
                        && (after == null || o.submittedAt.isAfter(after))
                        && (until == null || o.submittedAt.isBefore(until))
                        && (symbols == null || symbols.contains(o.symbol) || symbols.contains(o.symbol.replace("/", "")))
                        && (side == null || side.equals(o.side))
                        && !(nested && o.parent != null);
                if (matches) {
                    list.add(o.toJson(nested));
                }
            }
        }
        return list;
    }

    private static int positiveInt(String field, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw SimReject.invalid("invalid " + field);
    }

    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw SimReject.invalid("invalid " + field + " \"" + value + "\"");
            }
        }
    }
}
