package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.Instrument;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped config/instruments.yaml as the catalog reads it: point values and trading hours. */
class InstrumentCatalogFileTest {

    @Test
    void theShippedCatalogGivesCmeRootsTheirWeek() {
        InstrumentCatalog catalog = InstrumentCatalog.load(Path.of("config/instruments.yaml"), Clock.systemUTC());
        InstrumentSpec es = catalog.spec(Instrument.future("ES", YearMonth.of(2026, 12)));
        assertEquals(0, new BigDecimal("50").compareTo(es.pointValue()));
        TradingHours hours = es.hours();
        assertTrue(hours.isOpen(Instant.parse("2026-11-22T23:30:00Z")), "Sunday 18:30 New York: open");
        assertFalse(hours.isOpen(Instant.parse("2026-11-21T15:00:00Z")), "Saturday: closed");
        assertFalse(hours.isOpen(Instant.parse("2026-11-24T22:30:00Z")), "Tuesday 17:30: the daily break");
        assertEquals("[Sun-Thu 18:00-17:00]", hours.windows().toString());
        assertNull(catalog.spec(Instrument.equity("AAPL")).hours(), "shares: no hours given");
    }

    @Test
    void aBadWindowFailsTheLoadNamingTheRoot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("instruments.yaml");
        Files.writeString(file, "futures:\n  ES: {pointValue: 50, months: HMUZ, tradingHours: [\"Someday 18:00-17:00\"]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstrumentCatalog.load(file, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("ES"), e.getMessage());
    }
}
