package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.Instrument;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class NinjaTraderSymbolCodecTest {

    @Test
    void datedFuturesMapBothWays() {
        assertEquals("ES 12-25", NinjaTraderSymbolCodec.toNinjaTrader(Instrument.future("ES", YearMonth.of(2025, 12))));
        assertEquals("MNQ 03-26", NinjaTraderSymbolCodec.toNinjaTrader(Instrument.future("MNQ", YearMonth.of(2026, 3))));
        assertEquals("CL 01-27", NinjaTraderSymbolCodec.toNinjaTrader(Instrument.future("CL", YearMonth.of(2027, 1))));
        assertEquals(Instrument.future("ES", YearMonth.of(2025, 12)), NinjaTraderSymbolCodec.fromNinjaTrader("ES 12-25"));
        assertEquals("ESZ25", NinjaTraderSymbolCodec.fromNinjaTrader("ES 12-25").symbol());
        assertEquals("GCG27", NinjaTraderSymbolCodec.fromNinjaTrader("GC 02-27").symbol());
        for (String name : new String[] {"ES 12-25", "M2K 06-26", "YM 09-30"}) {
            assertEquals(name, NinjaTraderSymbolCodec.toNinjaTrader(NinjaTraderSymbolCodec.fromNinjaTrader(name)));
        }
    }

    @Test
    void whatCannotBeNamedClearlyIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NinjaTraderSymbolCodec.toNinjaTrader(Instrument.continuous("ES", 1)))
                .getMessage().contains("continuous"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NinjaTraderSymbolCodec.toNinjaTrader(Instrument.equity("AAPL")))
                .getMessage().contains("futures only"));
        assertThrows(IllegalArgumentException.class, () -> NinjaTraderSymbolCodec.toNinjaTrader(Instrument.crypto("BTC", "USD")));
        for (String bad : new String[] {"ESZ25", "ES 13-25", "ES 00-25", "ES 12-2025", "es 12-25", "ES  12-25", "ES 12-25 Globex", "", "AAPL"}) {
            assertThrows(IllegalArgumentException.class, () -> NinjaTraderSymbolCodec.fromNinjaTrader(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> NinjaTraderSymbolCodec.fromNinjaTrader(null));
    }
}
