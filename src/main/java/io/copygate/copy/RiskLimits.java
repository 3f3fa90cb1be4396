package io.copygate.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The risk guards of a copy link ({@code rules.risk}) or a follower account ({@code accounts[].risk}),
 * optionally starting from a named prop-firm profile whose limits the fields set here override.
 * Every limit is off when unset. Guards block orders that open or add exposure; orders that only
 * reduce it (exits, flattens, cancels) pass every guard but the kill switch (docs/copy-rules.md).
 *
 * @param profile            a prop-firm profile from {@code riskProfiles} in gateway.yaml
 * @param maxPosition        the follower's absolute position in one instrument may not exceed this
 * @param maxOrderQuantity   a single order above this is blocked (not capped: see {@code maxQuantity})
 * @param maxOpenOrders      working orders on the follower account; a new one beyond this is blocked
 * @param maxOrdersPerMinute orders planned for the follower account within the last 60 seconds
 * @param dailyLossLimit     net P&amp;L (realized + unrealized − fees) since the session start at or below
 *                           minus this blocks entries
 * @param flattenOnDailyLoss when the daily loss limit trips, also engage the follower account's kill switch:
 *                           its working orders are cancelled, its positions closed, copying stops
 * @param dailyProfitTarget  net P&amp;L since the session start at or above this locks entries out
 * @param trailingDrawdown   equity more than this below its peak blocks entries
 * @param sessionStart       local time the trading day starts ({@code 18:00})
 * @param sessionTimeZone    zone of {@code sessionStart} and {@code tradingHours} ({@code America/New_York})
 * @param tradingHours       windows in which entries may open ({@code ["09:30-16:00"]}); exits pass always
 * @param maxSignalAge       a signal older than this ({@code 5s}, {@code 500ms}, {@code 2m}) is not copied
 * @param requireBracket     an entry without a stop-loss is blocked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RiskLimits(
        String profile,
        BigDecimal maxPosition,
        BigDecimal maxOrderQuantity,
        Integer maxOpenOrders,
        Integer maxOrdersPerMinute,
        BigDecimal dailyLossLimit,
        Boolean flattenOnDailyLoss,
        BigDecimal dailyProfitTarget,
        BigDecimal trailingDrawdown,
        String sessionStart,
        String sessionTimeZone,
        List<String> tradingHours,
        String maxSignalAge,
        Boolean requireBracket) {
    /** {@code tradingHours: [instrument]}: the hours of the order's instrument in config/instruments.yaml. */
    public static final List<String> INSTRUMENT_HOURS = List.of("instrument");


    public static final String DEFAULT_SESSION_START = "18:00";
    public static final String DEFAULT_TIME_ZONE = "America/New_York";
    public static final RiskLimits NONE = new RiskLimits(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    public RiskLimits {
        positive(maxPosition, "maxPosition");
        positive(maxOrderQuantity, "maxOrderQuantity");
        positive(maxOpenOrders == null ? null : BigDecimal.valueOf(maxOpenOrders), "maxOpenOrders");
        positive(maxOrdersPerMinute == null ? null : BigDecimal.valueOf(maxOrdersPerMinute), "maxOrdersPerMinute");
        positive(dailyLossLimit, "dailyLossLimit");
        positive(dailyProfitTarget, "dailyProfitTarget");
        positive(trailingDrawdown, "trailingDrawdown");
        if (sessionStart != null) {
            try {
                LocalTime.parse(sessionStart);
            } catch (DateTimeParseException e) {
                throw new InvalidCopyRulesException("sessionStart", "sessionStart must be a time like 18:00, was " + sessionStart);
            }
        }
        if (sessionTimeZone != null) {
            try {
                ZoneId.of(sessionTimeZone);
            } catch (java.time.DateTimeException e) {
                throw new InvalidCopyRulesException("sessionTimeZone", "unknown time zone " + sessionTimeZone);
            }
        }
        tradingHours = tradingHours == null ? null : List.copyOf(tradingHours);
        if (tradingHours != null && !tradingHours.equals(INSTRUMENT_HOURS)) {
            TradingHours.parse(tradingHours, ZoneId.of(DEFAULT_TIME_ZONE));
        }
        if (maxSignalAge != null) {
            parseAge(maxSignalAge);
        }
    }

    /** These limits over a profile's: every field set here wins, the rest come from the profile. */
    public RiskLimits over(RiskLimits base) {
        if (base == null) {
            return this;
        }
        return new RiskLimits(profile, or(maxPosition, base.maxPosition), or(maxOrderQuantity, base.maxOrderQuantity),
                or(maxOpenOrders, base.maxOpenOrders), or(maxOrdersPerMinute, base.maxOrdersPerMinute),
                or(dailyLossLimit, base.dailyLossLimit), or(flattenOnDailyLoss, base.flattenOnDailyLoss),
                or(dailyProfitTarget, base.dailyProfitTarget),
                or(trailingDrawdown, base.trailingDrawdown), or(sessionStart, base.sessionStart),
                or(sessionTimeZone, base.sessionTimeZone), or(tradingHours, base.tradingHours),
                or(maxSignalAge, base.maxSignalAge), or(requireBracket, base.requireBracket));
    }

    public ZoneId zone() {
        return ZoneId.of(sessionTimeZone == null ? DEFAULT_TIME_ZONE : sessionTimeZone);
    }

    public LocalTime sessionStartTime() {
        return LocalTime.parse(sessionStart == null ? DEFAULT_SESSION_START : sessionStart);
    }

    public Duration signalAge() {
        return maxSignalAge == null ? null : parseAge(maxSignalAge);
    }

    public boolean flattensOnDailyLoss() {
        return dailyLossLimit != null && Boolean.TRUE.equals(flattenOnDailyLoss);
    }

    public boolean bracketRequired() {
        return Boolean.TRUE.equals(requireBracket);
    }

    /** True when any P&amp;L-based guard is set (those need positions, fills and mark prices). */
    boolean needsPnl() {
        return dailyLossLimit != null || dailyProfitTarget != null || trailingDrawdown != null;
    }

    static Duration parseAge(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidCopyRulesException("maxSignalAge", "maxSignalAge must be a duration like 500ms, 5s, 2m or 1h, was "
                    + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static <T> T or(T mine, T base) {
        return mine != null ? mine : base;
    }

    private static void positive(BigDecimal v, String field) {
        if (v != null && v.signum() <= 0) {
            throw new InvalidCopyRulesException(field, field + " must be greater than zero, was " + v.toPlainString());
        }
    }
}
