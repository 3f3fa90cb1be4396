package io.copygate.copy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows of local time in which entries may open, e.g. {@code ["09:30-16:00"]}; a window whose end is
 * before its start runs over midnight ({@code "18:00-16:00"}). Start inclusive, end exclusive.
 */
public record TradingHours(List<Window> windows, ZoneId zone) {

    public record Window(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    public static TradingHours parse(List<String> texts, ZoneId zone) {
        List<Window> windows = new ArrayList<>();
        for (String text : texts) {
            String[] parts = text == null ? new String[0] : text.trim().split("-");
            try {
                if (parts.length != 2) {
                    throw new DateTimeParseException("", text == null ? "" : text, 0);
                }
                windows.add(new Window(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim())));
            } catch (DateTimeParseException e) {
                throw new InvalidCopyRulesException("tradingHours", "tradingHours entries are windows like 09:30-16:00, was "
                        + text);
            }
        }
        if (windows.isEmpty()) {
            throw new InvalidCopyRulesException("tradingHours", "tradingHours needs at least one window like 09:30-16:00");
        }
        return new TradingHours(List.copyOf(windows), zone);
    }

    public boolean isOpen(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return windows.stream().anyMatch(w -> w.contains(local));
    }

    public LocalTime localTime(Instant at) {
        return at.atZone(zone).toLocalTime().withNano(0);
    }
}
