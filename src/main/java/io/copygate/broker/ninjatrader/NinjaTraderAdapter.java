package io.copygate.broker.ninjatrader;

import com.fasterxml.jackson.databind.JsonNode;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerAck;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerHttp;
import io.copygate.signal.CopyOrder;
import java.util.Optional;

/**
 * Copy orders to NinjaTrader accounts through the copygate add-on (bridge-ninjatrader/). Placement is
 * idempotent at the add-on on the client order id, so a retry after a lost answer finds the order
 * ({@code GET /orders/{id}}) instead of placing a second one. Change is the add-on's change (quantity and
 * prices of the working order); cancel its cancel. Stateless across accounts: every call reads the
 * account's settings.
 */
public final class NinjaTraderAdapter implements BrokerAdapter {
    public static final String BROKER = "ninjatrader";
    private final NinjaTraderClient client;
    private final DialOutSessions dialOut;

    /**
     * @param http     the shared HTTP transport (listen-mode accounts)
     * @param dialOut  the add-ons connected by WebSocket (dial-out-mode accounts)
     */
    public NinjaTraderAdapter(BrokerHttp http, DialOutSessions dialOut) {
        this.client = new NinjaTraderClient(new HttpBridgeTransport(http), dialOut);
        this.dialOut = dialOut;
    }

    /** The add-ons connected by dial-out. */
    public DialOutSessions dialOut() {
        return dialOut;
    }

    @Override
    public String broker() {
        return BROKER;
    }

    @Override
    public BrokerAck place(CopyOrder order, BrokerAccount account) {
        NinjaTraderConfig config = NinjaTraderConfig.of(account);
        return NinjaTraderOrderMapper.ack(client.place(config, NinjaTraderOrderMapper.placeRequest(order, config)));
    }

    @Override
    public Optional<BrokerAck> findByClientOrderId(CopyOrder order, BrokerAccount account) {
        return client.order(NinjaTraderConfig.of(account), order.id()).map(NinjaTraderOrderMapper::ack);
    }

    @Override
    public BrokerAck cancel(CopyOrder order, BrokerAccount account) {
        return orderAck(client.cancel(NinjaTraderConfig.of(account), order.targetOrderId()));
    }

    @Override
    public BrokerAck modify(CopyOrder order, BrokerAccount account) {
        return orderAck(client.change(NinjaTraderConfig.of(account), order.targetOrderId(), NinjaTraderOrderMapper.changeRequest(order)));
    }

    /** What NinjaTrader lists for the account ({@code GET /orders}): for operators and tests. */
    public JsonNode orders(BrokerAccount account) {
        return client.orders(NinjaTraderConfig.of(account));
    }

    /** The account's open positions ({@code GET /positions}). */
    public JsonNode positions(BrokerAccount account) {
        return client.positions(NinjaTraderConfig.of(account));
    }

    /** A cancel or change answers with the working order; its state is what the ack records. */
    private static BrokerAck orderAck(JsonNode order) {
        return new BrokerAck(NinjaTraderOrderMapper.text(order, "orderId"), NinjaTraderOrderMapper.text(order, "instrument"),
                NinjaTraderOrderMapper.text(order, "state"), false);
    }
}
