package io.copygate.broker.tradovate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Instrument;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TradovateSymbolCodecTest {
    private static TradovateSymbolCodec at(String date) {
        return new TradovateSymbolCodec(Clock.fixed(Instant.parse(date + "T12:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void encodesTheLastYearDigit() {
        TradovateSymbolCodec codec = at("2025-11-22");
        assertEquals("ESZ5", codec.encode(Instrument.future("ES", YearMonth.of(2025, 12))));
        assertEquals("MNQM1", codec.encode(Instrument.future("MNQ", YearMonth.of(2031, 6))));
        assertEquals("M2KH6", codec.encode(Instrument.future("M2K", YearMonth.of(2026, 3))));
    }

    @Test
    void decodesToTheDecadeNearestToday() {
        TradovateSymbolCodec codec = at("2025-11-22");
        assertEquals("ESZ25", codec.decode("ESZ5").symbol());
        assertEquals(YearMonth.of(2026, 3), codec.decode("ESH6").expiry());
        assertEquals(YearMonth.of(2030, 6), codec.decode("NQM0").expiry());
        assertEquals(YearMonth.of(2021, 3), codec.decode("ESH1").expiry(), "four and a half years back is nearer");
        assertEquals("M2K", codec.decode("M2KH6").root());
        assertEquals("HG", codec.decode("HGZ5").root(), "a root ending in a month letter");
        // near a decade change the nearest decade wins
        assertEquals(YearMonth.of(2030, 3), at("2029-12-01").decode("ESH0").expiry());
        assertEquals(YearMonth.of(2029, 12), at("2030-02-01").decode("ESZ9").expiry());
    }

    @Test
    void roundTrips() {
        TradovateSymbolCodec codec = at("2026-11-22");
        Instrument es = Instrument.future("ES", YearMonth.of(2027, 3));
        assertEquals(es, codec.decode(codec.encode(es)));
    }

    @Test
    void refusesWhatTradovateCannotTrade() {
        TradovateSymbolCodec codec = at("2026-11-22");
        assertThrows(BrokerRejectedException.class, () -> codec.encode(Instrument.continuous("ES", 1)));
        assertThrows(BrokerRejectedException.class, () -> codec.encode(Instrument.equity("AAPL")));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("ESZ25"));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("AAPL"));
    }
}
