package io.copygate.copy;

import java.math.BigDecimal;

/**
 * Trading facts of an instrument (or a futures root) from {@code config/instruments.yaml}.
 *
 * @param pointValue currency value of one full price point per unit (ES: 50)
 * @param lotStep    quantities are whole multiples of this (1 for futures and shares)
 * @param roll       for futures: how continuous symbols resolve; null otherwise
 * @param hours      when the market trades, for links whose {@code tradingHours} is {@code [instrument]}; null when not given
 */
public record InstrumentSpec(String name, BigDecimal tickSize, BigDecimal pointValue, String currency,
                             BigDecimal lotStep, RollRule roll, TradingHours hours) {

    public InstrumentSpec(String name, BigDecimal tickSize, BigDecimal pointValue, String currency, BigDecimal lotStep,
                          RollRule roll) {
        this(name, tickSize, pointValue, currency, lotStep, roll, null);
    }
}
