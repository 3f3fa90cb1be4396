package io.copygate.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copygate.broker.tradestation.TradeStationSymbolCodec;
import io.copygate.broker.tradovate.TradovateSymbolCodec;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.ingest.TickerParser;
import io.copygate.signal.Instrument;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One contract month in every format copygate meets: TradeStation {@code ESZ25}, Tradovate {@code ESZ5},
 * NinjaTrader {@code ES 12-25}, and the continuous {@code ES1!} / {@code @ES} resolved to the front month
 * by the roll schedule in config/instruments.yaml (ES rolls 8 calendar days before its third-Friday expiry).
 */
class FuturesSymbolFormatsTest {
    private static Clock at(String day) {
        return Clock.fixed(Instant.parse(day + "T15:00:00Z"), ZoneOffset.UTC);
    }

    @ParameterizedTest
    @CsvSource({"ESZ25, ESZ5, ES 12-25, 2025-12", "MNQH26, MNQH6, MNQ 03-26, 2026-03", "CLF27, CLF7, CL 01-27, 2027-01"})
    void everyBrokerFormatNamesTheSameContract(String tradestation, String tradovate, String ninjatrader, YearMonth month) {
        Clock clock = at("2025-11-22");
        Instrument canonical = Instrument.future(tradestation.replaceAll("[FGHJKMNQUVXZ]\\d\\d$", ""), month);
        assertEquals(tradestation, canonical.symbol());
        assertEquals(canonical, new TradeStationSymbolCodec().decode(tradestation, "FUTURE"));
        assertEquals(tradestation, new TradeStationSymbolCodec().encode(canonical));
        assertEquals(canonical, new TradovateSymbolCodec(clock).decode(tradovate));
        assertEquals(tradovate, new TradovateSymbolCodec(clock).encode(canonical));
        assertEquals(canonical, new TickerParser(Set.of("ES", "MNQ", "CL"), clock).parse(ninjatrader));
    }

    @ParameterizedTest
    @CsvSource({
            // ESZ25 expires Fri 2025-12-19 and rolls on Thu 2025-12-11
            "2025-11-22, ESZ25, ESZ5",
            "2025-12-10, ESZ25, ESZ5",
            "2025-12-11, ESH26, ESH6",
            "2026-11-22, ESZ26, ESZ6"})
    void continuousSymbolsResolveToTheFrontMonthByTheRollSchedule(String today, String front, String tradovate) {
        Clock clock = at(today);
        InstrumentCatalog catalog = InstrumentCatalog.load(Path.of("config/instruments.yaml"), clock);
        Instrument fromTradingView = new TickerParser(catalog.futuresRoots(), clock).parse("CME_MINI:ES1!");
        Instrument fromTradeStation = new TradeStationSymbolCodec().decode("@ES", "FUTURE");
        assertEquals(fromTradingView, fromTradeStation, "ES1! and @ES are the same continuous contract");
        Instrument resolved = catalog.resolve(fromTradingView);
        assertEquals(front, resolved.symbol());
        assertEquals(tradovate, new TradovateSymbolCodec(clock).encode(resolved));
        assertEquals(front, new TradeStationSymbolCodec().encode(resolved));
    }
}
