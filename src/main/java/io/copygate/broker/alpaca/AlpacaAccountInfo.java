package io.copygate.broker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * An account's balances from GET /v2/account, for sizing (equity ratio, risk % of equity) and for
 * checks before copying. Amounts are Alpaca's, in the account currency.
 *
 * @param equity         cash + long market value + short market value
 * @param lastEquity     equity at the previous trading day's close
 * @param buyingPower    what Alpaca lets the account open now (cash for multiplier 1, margin-based above)
 * @param multiplier     1 = cash account, 2 = Reg T margin, 4 = pattern day trader
 * @param tradingBlocked true when Alpaca accepts no orders from the account
 */
public record AlpacaAccountInfo(
        String accountId,
        String accountNumber,
        String status,
        String currency,
        BigDecimal equity,
        BigDecimal lastEquity,
        BigDecimal cash,
        BigDecimal buyingPower,
        BigDecimal nonMarginableBuyingPower,
        BigDecimal longMarketValue,
        BigDecimal shortMarketValue,
        int multiplier,
        boolean shortingEnabled,
        boolean tradingBlocked,
        boolean accountBlocked) {

    static AlpacaAccountInfo of(JsonNode a) {
        BigDecimal multiplier = AlpacaJson.decimal(a, "multiplier");
        return new AlpacaAccountInfo(
                AlpacaJson.text(a, "id"),
                AlpacaJson.text(a, "account_number"),
                AlpacaJson.text(a, "status"),
                AlpacaJson.text(a, "currency"),
                AlpacaJson.decimal(a, "equity"),
                AlpacaJson.decimal(a, "last_equity"),
                AlpacaJson.decimal(a, "cash"),
                AlpacaJson.decimal(a, "buying_power"),
                AlpacaJson.decimal(a, "non_marginable_buying_power"),
                AlpacaJson.decimal(a, "long_market_value"),
                AlpacaJson.decimal(a, "short_market_value"),
                multiplier == null ? 1 : multiplier.intValue(),
                a.path("shorting_enabled").asBoolean(false),
                a.path("trading_blocked").asBoolean(false) || a.path("trade_suspended_by_user").asBoolean(false),
                a.path("account_blocked").asBoolean(false));
    }

    /** True when the account can place orders now. */
    public boolean canTrade() {
        return "ACTIVE".equals(status) && !tradingBlocked && !accountBlocked;
    }
}
