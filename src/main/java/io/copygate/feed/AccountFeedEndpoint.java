package io.copygate.feed;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One account's feed; consume only. */
public final class AccountFeedEndpoint extends DefaultEndpoint {
    private final String account;

    AccountFeedEndpoint(String uri, AccountFeedComponent component, String account) {
        super(uri, component);
        this.account = account;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("account-feed only consumes: use it in from:");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        AccountFeedConsumer consumer = new AccountFeedConsumer(this, processor, account);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public AccountFeedComponent getComponent() {
        return (AccountFeedComponent) super.getComponent();
    }
}
