package io.copygate.copy;

import io.copygate.signal.MonthCode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * When a futures root's contracts expire and when copygate moves "the front month" to the next one.
 * Expiry is {@code third-friday} (equity index futures) or {@code day:N} with an optional month offset
 * (crude oil's contract expires around the 20th of the month before its contract month). The front
 * month changes {@code rollDaysBefore} calendar days before expiry. Calendar days, no holiday
 * calendar: set the numbers to match your broker's roll if they differ.
 *
 * @param months cycle of listed contract months as month codes ({@code HMUZ})
 */
public record RollRule(String months, String expiry, int expiryMonthOffset, int rollDaysBefore) {

    public RollRule {
        if (months == null || months.isEmpty() || !months.chars().allMatch(ch -> MonthCode.month((char) ch) != null)) {
            throw new IllegalArgumentException("roll months must be month codes (FGHJKMNQUVXZ), was " + months);
        }
        if (!"third-friday".equals(expiry) && (expiry == null || !expiry.matches("day:\\d{1,2}"))) {
            throw new IllegalArgumentException("expiry must be 'third-friday' or 'day:N', was " + expiry);
        }
    }

    /** The last trading day of the contract for {@code contractMonth}. */
    public LocalDate expiryOf(YearMonth contractMonth) {
        YearMonth in = contractMonth.plusMonths(expiryMonthOffset);
        if ("third-friday".equals(expiry)) {
            return in.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
        }
        int day = Integer.parseInt(expiry.substring(4));
        return in.atDay(Math.min(day, in.lengthOfMonth()));
    }

    /** The listed contract months from {@code from} on, nearest first. */
    public List<YearMonth> contractsFrom(YearMonth from, int count) {
        List<YearMonth> out = new ArrayList<>();
        YearMonth m = from;
        while (out.size() < count) {
            Month month = m.getMonth();
            if (months.indexOf(MonthCode.of(month)) >= 0) {
                out.add(m);
            }
            m = m.plusMonths(1);
        }
        return out;
    }

    /** The n-th nearby contract (1 = front month) that is still before its roll date on {@code today}. */
    public YearMonth nearby(int index, LocalDate today) {
        List<YearMonth> candidates = contractsFrom(YearMonth.from(today).minusMonths(2), index + 24);
        int seen = 0;
        for (YearMonth contract : candidates) {
            LocalDate rollDate = expiryOf(contract).minusDays(rollDaysBefore);
            if (today.isBefore(rollDate)) {
                seen++;
                if (seen == index) {
                    return contract;
                }
            }
        }
        throw new IllegalStateException("no contract found");
    }
}
