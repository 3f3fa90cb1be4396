package io.copygate.broker.alpaca;

import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;

/** Opens the trade_updates feed of Alpaca accounts (masters to copy, followers to track). */
public final class AlpacaAccountFeedFactory implements AccountFeedFactory {
    private final AlpacaClient client;
    private final AlpacaFeedSettings settings;

    public AlpacaAccountFeedFactory(BrokerHttp http) {
        this(http, AlpacaFeedSettings.defaults());
    }

    public AlpacaAccountFeedFactory(BrokerHttp http, AlpacaFeedSettings settings) {
        this.client = new AlpacaClient(http);
        this.settings = settings;
    }

    @Override
    public String broker() {
        return "alpaca";
    }

    @Override
    public AlpacaAccountFeed open(BrokerAccount account) {
        AlpacaConfig.of(account); // bad settings fail here, not on the stream's thread
        account.credential(AlpacaAuth.KEY_ID);
        account.credential(AlpacaAuth.SECRET_KEY);
        return new AlpacaAccountFeed(account, client, settings);
    }
}
