package io.copygate.broker;

/** Opens the account feed of one broker's accounts. One per broker that can be a master. */
public interface AccountFeedFactory {

    String broker();

    AccountFeed open(BrokerAccount account);
}
