package io.copygate.broker.tradestation;

import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;

/** Opens TradeStation order feeds (HTTP stream + fallback poller) for master and follower accounts. */
public final class TradeStationAccountFeedFactory implements AccountFeedFactory {
    private final TradeStationClient client;
    private final TradeStationOrderIds ids;

    public TradeStationAccountFeedFactory(BrokerHttp http) {
        this(new TradeStationClient(http), TradeStationOrderIds.inMemory());
    }

    /**
     * @param client shared with {@link TradeStationAdapter}
     * @param ids    the same order id store the adapter uses, so follower fills carry their copy order id
     */
    public TradeStationAccountFeedFactory(TradeStationClient client, TradeStationOrderIds ids) {
        this.client = client;
        this.ids = ids;
    }

    @Override
    public String broker() {
        return TradeStationAdapter.BROKER;
    }

    @Override
    public AccountFeed open(BrokerAccount account) {
        return new TradeStationAccountFeed(client, account, ids);
    }
}
