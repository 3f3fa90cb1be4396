package io.copygate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.InvalidSignalException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TickerParserTest {
    private final TickerParser parser = new TickerParser(Set.of("ES", "MES", "NQ", "CL"),
            Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
            "CME_MINI:ES1!, ES1!, FUTURE",
            "ES2!, ES2!, FUTURE",
            "ESZ2025, ESZ25, FUTURE",
            "esz25, ESZ25, FUTURE",
            "ES 12-26, ESZ26, FUTURE",
            "CLF7, CLF27, FUTURE",
            "NASDAQ:AAPL, AAPL, EQUITY",
            "BRK.B, BRK.B, EQUITY",
            "BINANCE:BTCUSDT, BTC/USDT, CRYPTO",
            "BTCUSD, BTC/USD, CRYPTO",
            "XBT/USD, BTC/USD, CRYPTO",
            "ETH-USD, ETH/USD, CRYPTO",
            "SPY 250624C596, SPY 250624C596, OPTION",
            "MSFTZ25, MSFTZ25, EQUITY"})
    void readsEveryTickerForm(String ticker, String symbol, AssetClass assetClass) {
        Instrument i = parser.parse(ticker);
        assertEquals(symbol, i.symbol());
        assertEquals(assetClass, i.assetClass());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES@@1", "  ", "ES 13-25", "!!", "A B C"})
    void refusesUnknownFormsNamingTheTicker(String ticker) {
        InvalidSignalException e = assertThrows(InvalidSignalException.class, () -> parser.parse(ticker));
        assertEquals("ticker", e.field());
    }
}
