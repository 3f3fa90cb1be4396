package io.copygate.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copygate.signal.Bracket;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * copygate's own signal JSON, for systems that integrate directly ({@code POST /webhooks/signal}):
 * {@code id, kind, instrument, side, quantity, orderType, limitPrice, stopPrice, timeInForce, stopLoss,
 * stopLossLimit, takeProfit, price, targetPosition, masterOrderRef, time}. Field for field the
 * canonical model; see docs/writing-routes.md for an example.
 */
public final class CanonicalSignal {
    private final TickerParser tickers;
    private final Clock clock;

    public CanonicalSignal(TickerParser tickers, Clock clock) {
        this.tickers = tickers;
        this.clock = clock;
    }

    public Signal normalize(String body, String masterAccount, String tenant) {
        ObjectNode json = JsonFields.object(body);
        String id = JsonFields.text(json, "id");
        if (id == null) {
            throw InvalidSignalException.invalid("id", "id is required: the event's own id, used to drop repeats");
        }
        SignalKind kind = JsonFields.choice(JsonFields.text(json, "kind"), "kind", SignalKind.class,
                "ORDER_NEW, ORDER_MODIFY, ORDER_CANCEL, FILL, POSITION_TARGET or FLATTEN");
        if (kind == null) {
            throw InvalidSignalException.invalid("kind", "kind is required");
        }
        String instrument = JsonFields.text(json, "instrument");
        BigDecimal sl = JsonFields.decimal(json, "stopLoss");
        BigDecimal sll = JsonFields.decimal(json, "stopLossLimit");
        BigDecimal tp = JsonFields.decimal(json, "takeProfit");
        return SignalDraft.start("signal", masterAccount, tenant, body, clock)
                .sourceEventId(id)
                .kind(kind)
                .instrument(instrument == null ? null : tickers.parse(instrument))
                .side(JsonFields.choice(JsonFields.text(json, "side"), "side", Side.class, "BUY or SELL"))
                .quantity(JsonFields.decimal(json, "quantity"))
                .orderType(JsonFields.choice(JsonFields.text(json, "orderType"), "orderType", OrderType.class,
                        "MARKET, LIMIT, STOP or STOP_LIMIT"))
                .limitPrice(JsonFields.decimal(json, "limitPrice"))
                .stopPrice(JsonFields.decimal(json, "stopPrice"))
                .timeInForce(JsonFields.choice(JsonFields.text(json, "timeInForce"), "timeInForce", TimeInForce.class,
                        "DAY, GTC, IOC or FOK"))
                .bracket(sl == null && tp == null ? null : new Bracket(sl, sll, tp))
                .price(JsonFields.decimal(json, "price"))
                .targetPosition(JsonFields.decimal(json, "targetPosition"))
                .masterOrderRef(JsonFields.text(json, "masterOrderRef"))
                .sourceTime(JsonFields.instant(json, "time"))
                .build()
                .validate();
    }
}
