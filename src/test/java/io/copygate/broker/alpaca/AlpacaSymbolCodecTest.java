package io.copygate.broker.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.BrokerRejectedException;
import io.copygate.signal.Instrument;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class AlpacaSymbolCodecTest {

    @Test
    void equitiesAreTheirTickerBothWays() {
        assertEquals("AAPL", AlpacaSymbolCodec.encode(Instrument.equity("AAPL")));
        assertEquals("BRK.B", AlpacaSymbolCodec.encode(Instrument.equity("brk.b")));
        assertEquals(Instrument.equity("AAPL"), AlpacaSymbolCodec.decode("AAPL", "us_equity"));
        assertEquals(Instrument.equity("BRK.B"), AlpacaSymbolCodec.decode("BRK.B", null));
    }

    @Test
    void cryptoPairsKeepTheirSlashAndAreReadWithOrWithoutIt() {
        assertEquals("BTC/USD", AlpacaSymbolCodec.encode(Instrument.crypto("BTC", "USD")));
        assertEquals("ETH/USDT", AlpacaSymbolCodec.encode(Instrument.crypto("eth", "usdt")));
        assertEquals(Instrument.crypto("BTC", "USD"), AlpacaSymbolCodec.decode("BTC/USD", "crypto"));
        assertEquals(Instrument.crypto("SOL", "USD"), AlpacaSymbolCodec.decode("SOLUSD", "crypto"), "positions and old stream messages");
        assertEquals(Instrument.crypto("ETH", "USDT"), AlpacaSymbolCodec.decode("ETHUSDT", "crypto"), "USDT is not USD + T");
        assertEquals(Instrument.crypto("ETH", "BTC"), AlpacaSymbolCodec.decode("ETH/BTC", null));
    }

    @Test
    void whatAlpacaCannotTradeHereIsAFinalRejectNamingTheInstrument() {
        BrokerRejectedException future = assertThrows(BrokerRejectedException.class,
                () -> AlpacaSymbolCodec.encode(Instrument.future("ES", YearMonth.of(2026, 12))));
        BrokerRejectedException pair = assertThrows(BrokerRejectedException.class,
                () -> AlpacaSymbolCodec.encode(Instrument.crypto("BTC", "EUR")));
        assertTrue(future.getMessage().startsWith("instrument:") && future.getMessage().contains("ESZ26"), future.getMessage());
        assertTrue(pair.getMessage().contains("BTC/EUR"), pair.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlpacaSymbolCodec.decode("AAPL250620C00100000", "us_option"));
    }
}
