package io.copygate.copy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Windows of local time in which entries may open, e.g. {@code ["09:30-16:00"]}; a window whose end is
 * before its start runs over midnight ({@code "18:00-16:00"}). Start inclusive, end exclusive. A window
 * may name the days it starts on, {@code "Mon-Fri 09:30-16:00"} or {@code "Sun-Thu 18:00-17:00"} (CME
 * Globex: opens Sunday 18:00, closes Friday 17:00); without days it starts every day.
 */
public record TradingHours(List<Window> windows, ZoneId zone) {
    private static final Pattern WINDOW = Pattern.compile(
            "(?:([A-Za-z]{3})(?:-([A-Za-z]{3}))?\\s+)?(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");

    /** A window; {@code days} are the days it starts on (all seven when none were named). */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        boolean contains(DayOfWeek day, LocalTime t) {
            if (from.isBefore(to)) {
                return days.contains(day) && !t.isBefore(from) && t.isBefore(to);
            }
            // over midnight: today's evening, or the morning after a day it started on
            return (days.contains(day) && !t.isBefore(from)) || (days.contains(day.minus(1)) && t.isBefore(to));
        }

        @Override
        public String toString() {
            if (days.size() == 7) {
                return from + "-" + to;
            }
            DayOfWeek first = days.stream().filter(d -> !days.contains(d.minus(1))).findFirst().orElseThrow();
            DayOfWeek last = first;
            while (days.contains(last.plus(1)) && last.plus(1) != first) {
                last = last.plus(1);
            }
            return name(first) + (last == first ? "" : "-" + name(last)) + " " + from + "-" + to;
        }

        private static String name(DayOfWeek d) {
            return d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static TradingHours parse(List<String> texts, ZoneId zone) {
        List<Window> windows = new ArrayList<>();
        for (String text : texts) {
            Matcher m = text == null ? null : WINDOW.matcher(text.trim());
            try {
                if (m == null || !m.matches()) {
                    throw new DateTimeParseException("", text == null ? "" : text, 0);
                }
                windows.add(new Window(days(m.group(1), m.group(2)), LocalTime.parse(pad(m.group(3))), LocalTime.parse(pad(m.group(4)))));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new InvalidCopyRulesException("tradingHours", "tradingHours entries are windows like 09:30-16:00 or "
                        + "Mon-Fri 09:30-16:00, was " + text);
            }
        }
        if (windows.isEmpty()) {
            throw new InvalidCopyRulesException("tradingHours", "tradingHours needs at least one window like 09:30-16:00");
        }
        return new TradingHours(List.copyOf(windows), zone);
    }

    private static Set<DayOfWeek> days(String first, String last) {
        if (first == null) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        DayOfWeek from = day(first);
        DayOfWeek to = last == null ? from : day(last);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            days.add(d);
            if (d == to) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day " + name);
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    public boolean isOpen(Instant at) {
        java.time.ZonedDateTime local = at.atZone(zone);
        return windows.stream().anyMatch(w -> w.contains(local.getDayOfWeek(), local.toLocalTime()));
    }

    public LocalTime localTime(Instant at) {
        return at.atZone(zone).toLocalTime().withNano(0);
    }
}
