package io.copygate.broker.tradestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class TradeStationSymbolCodecTest {
    private final TradeStationSymbolCodec codec = new TradeStationSymbolCodec();

    @Test
    void futuresUseTwoYearDigitsBothWays() {
        assertEquals("ESZ25", codec.encode(Instrument.future("ES", YearMonth.of(2025, 12))));
        assertEquals("MNQH26", codec.encode(Instrument.future("MNQ", YearMonth.of(2026, 3))));
        Instrument es = codec.decode("ESZ25", "FUTURE");
        assertEquals(Instrument.future("ES", YearMonth.of(2025, 12)), es);
        assertEquals("M2K", codec.decode("M2KH26", null).root());
    }

    @Test
    void continuousFrontContractIsTheAtSymbol() {
        assertEquals("@ES", codec.encode(Instrument.continuous("ES", 1)));
        Instrument front = codec.decode("@ES", "FUTURE");
        assertTrue(front.isContinuous());
        assertEquals("ES1!", front.symbol());
        assertEquals("ESH21", codec.decode("@ESH21", null).symbol(), "a month written after @ is that month");
        assertThrows(BrokerRejectedException.class, () -> codec.encode(Instrument.continuous("ES", 2)));
    }

    @Test
    void equitiesAreTheirTicker() {
        assertEquals("MSFT", codec.encode(Instrument.equity("MSFT")));
        assertEquals(AssetClass.EQUITY, codec.decode("MSFT", "STOCK").assetClass());
        assertThrows(BrokerRejectedException.class, () -> codec.encode(Instrument.crypto("BTC", "USD")));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("MSFT 251219C420", "STOCKOPTION"));
    }
}
