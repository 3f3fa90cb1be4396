package io.copygate.broker.tradestation;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;
import io.copygate.broker.BrokerOrderIds;
import java.util.Optional;

/**
 * TradeStation joins the gateway: one client for adapter and feed (one refresh-token chain per login);
 * a rotated refresh token is stored encrypted at once; copy order ↔ TradeStation OrderID lives in the
 * outbox, so cancels and replaces find their target after a restart.
 */
public final class TradeStationModule implements BrokerAdapterFactory {
    private TradeStationClient client;
    private TradeStationOrderIds ids;

    private synchronized void init(BrokerContext context) {
        if (client == null) {
            client = new TradeStationClient(context.http(), context.clock(),
                    (account, refreshToken) -> context.credentials().update(account.id(), "refreshToken", refreshToken));
            ids = stored(context.orderIds());
        }
    }

    @Override
    public BrokerAdapter create(BrokerContext context) {
        init(context);
        return new TradeStationAdapter(client, ids);
    }

    @Override
    public AccountFeedFactory feeds(BrokerContext context) {
        init(context);
        return new TradeStationAccountFeedFactory(client, ids);
    }

    private static TradeStationOrderIds stored(BrokerOrderIds store) {
        return new TradeStationOrderIds() {
            @Override
            public void remember(String account, String clientOrderId, String brokerOrderId) {
                store.remember(account, clientOrderId, brokerOrderId);
            }

            @Override
            public Optional<String> brokerOrderId(String account, String clientOrderId) {
                return store.brokerOrderId(account, clientOrderId);
            }

            @Override
            public Optional<String> clientOrderId(String account, String brokerOrderId) {
                return store.clientOrderId(account, brokerOrderId);
            }
        };
    }
}
