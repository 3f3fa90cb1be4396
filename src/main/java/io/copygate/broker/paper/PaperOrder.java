package io.copygate.broker.paper;

import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import java.math.BigDecimal;

/** One order in the paper broker's book. */
record PaperOrder(String brokerOrderId, String clientOrderId, String account, Instrument instrument, Side side,
                  BigDecimal quantity, OrderType type, BigDecimal limitPrice, BigDecimal stopPrice, String status,
                  String ocoGroup, String parentOrderId, BigDecimal averagePrice, BigDecimal filledQuantity, int fillCount) {

    static PaperOrder map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PaperOrder(rs.getString("broker_order_id"), rs.getString("client_order_id"), rs.getString("account_id"),
                Instrument.parse(rs.getString("symbol"), AssetClass.valueOf(rs.getString("asset_class"))),
                Side.valueOf(rs.getString("side")), rs.getBigDecimal("quantity").stripTrailingZeros(),
                OrderType.valueOf(rs.getString("order_type")), rs.getBigDecimal("limit_price"),
                rs.getBigDecimal("stop_price"), rs.getString("status"), rs.getString("oco_group"),
                rs.getString("parent_order_id"), rs.getBigDecimal("average_price"),
                rs.getBigDecimal("filled_quantity").stripTrailingZeros(), rs.getInt("fill_count"));
    }

    /** What is left to fill. */
    BigDecimal remaining() {
        return quantity.subtract(filledQuantity);
    }

    /** The price at which this working order fills when the market trades at {@code price}, or null. */
    BigDecimal fillPriceAt(BigDecimal price) {
        boolean buy = side == Side.BUY;
        return switch (type) {
            case MARKET -> price;
            case LIMIT -> (buy ? price.compareTo(limitPrice) <= 0 : price.compareTo(limitPrice) >= 0) ? price : null;
            case STOP -> (buy ? price.compareTo(stopPrice) >= 0 : price.compareTo(stopPrice) <= 0) ? price : null;
            case STOP_LIMIT -> {
                boolean triggered = buy ? price.compareTo(stopPrice) >= 0 : price.compareTo(stopPrice) <= 0;
                boolean withinLimit = buy ? price.compareTo(limitPrice) <= 0 : price.compareTo(limitPrice) >= 0;
                yield triggered && withinLimit ? price : null;
            }
        };
    }
}
