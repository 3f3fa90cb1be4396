package io.copygate.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.signal.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SymbolRulesTest {
    private final SymbolRules btc = new SymbolRules("Binance", "BTCUSDT", new BigDecimal("0.00001"),
            new BigDecimal("0.00001"), new BigDecimal("9000"), new BigDecimal("0.01"), new BigDecimal("5"));

    @Test
    void quantityRoundsDownToTheStepNeverUp() {
        SymbolRules.Sized s = btc.round(new BigDecimal("0.123456789"), new BigDecimal("60000"));
        assertFalse(s.isSkip());
        assertEquals(new BigDecimal("0.12345"), s.quantity());
    }

    @Test
    void belowTheStepIsASkipWithTheReason() {
        SymbolRules.Sized s = btc.round(new BigDecimal("0.000004"), new BigDecimal("60000"));
        assertTrue(s.isSkip());
        assertEquals("quantity 0.000004 rounds down to 0 at Binance's step 0.00001 for BTCUSDT", s.skipReason());
    }

    @Test
    void belowTheMinimumNotionalIsASkipWithTheReason() {
        SymbolRules.Sized s = btc.round(new BigDecimal("0.00008"), new BigDecimal("60000"));
        assertTrue(s.isSkip());
        assertEquals("notional 4.8 (0.00008 × 60000) is below Binance's minimum 5 for BTCUSDT", s.skipReason());
    }

    @Test
    void belowTheMinimumQuantityIsASkip() {
        SymbolRules kraken = new SymbolRules("Kraken", "XBTUSD", new BigDecimal("0.00000001"),
                new BigDecimal("0.0001"), null, new BigDecimal("0.1"), new BigDecimal("0.5"));
        assertEquals("quantity 0.00005 is below Kraken's minimum 0.0001 for XBTUSD",
                kraken.round(new BigDecimal("0.00005"), new BigDecimal("60000")).skipReason());
    }

    @Test
    void limitPricesRoundToTheFollowersSideOfTheMaster() {
        assertEquals(new BigDecimal("60000.01"), btc.limitPrice(Side.BUY, new BigDecimal("60000.019")));
        assertEquals(new BigDecimal("60000.02"), btc.limitPrice(Side.SELL, new BigDecimal("60000.011")));
    }

    @Test
    void theSlippageGuardBoundsTheFillPriceInsideTheLimit() {
        assertEquals(new BigDecimal("60300"), btc.slippageLimit(Side.BUY, new BigDecimal("60000"), new BigDecimal("0.005")));
        assertEquals(new BigDecimal("59700"), btc.slippageLimit(Side.SELL, new BigDecimal("60000"), new BigDecimal("0.005")));
        // 0.1% of 123.457 = 0.123457: a buy may pay at most 123.580457, so 123.58 on the tick
        assertEquals(new BigDecimal("123.58"), btc.slippageLimit(Side.BUY, new BigDecimal("123.457"), new BigDecimal("0.001")));
        assertEquals(new BigDecimal("123.34"), btc.slippageLimit(Side.SELL, new BigDecimal("123.457"), new BigDecimal("0.001")));
        assertThrows(IllegalArgumentException.class, () -> btc.slippageLimit(Side.BUY, null, new BigDecimal("0.01")));
    }
}
