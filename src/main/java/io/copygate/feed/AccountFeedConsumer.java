package io.copygate.feed;

import io.copygate.broker.AccountFeed;
import io.copygate.broker.AccountFeedListener;
import io.copygate.broker.BrokerAccount;
import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the account's feed when the route starts and closes it when the route stops. Each signal is
 * processed synchronously, so the feed does not read ahead of what the journal has accepted; the
 * route's error handler decides retries. A signal the route could not journal is logged with its
 * source event id; the feed's catch-up after a reconnect delivers it again, and the journal drops
 * what it already holds.
 */
final class AccountFeedConsumer extends DefaultConsumer implements AccountFeedListener {
    private static final Logger LOG = LoggerFactory.getLogger(AccountFeedConsumer.class);

    private final String account;
    private AccountFeed feed;

    AccountFeedConsumer(AccountFeedEndpoint endpoint, Processor processor, String account) {
        super(endpoint, processor);
        this.account = account;
    }

    @Override
    public AccountFeedEndpoint getEndpoint() {
        return (AccountFeedEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        AccountFeedComponent c = getEndpoint().getComponent();
        BrokerAccount brokerAccount = c.accounts().of(account);
        feed = c.feeds().of(brokerAccount.broker()).open(brokerAccount);
        feed.start(this);
        LOG.info("account feed for {} ({}) started", account, brokerAccount.broker());
    }

    @Override
    protected void doStop() throws Exception {
        if (feed != null) {
            feed.close();
        }
        super.doStop();
    }

    @Override
    public void onSignal(Signal event) {
        // broker feeds name the event (source event id), not the signal: the signal id is ours to give, as a webhook does
        Signal signal = event.id() != null ? event : event.toBuilder().id(UUID.randomUUID().toString()).build();
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(signal);
        try {
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                LOG.error("account {}: signal {} (event {}) was not journaled: {}", account, signal.id(),
                        signal.sourceEventId(), exchange.getException().getMessage());
            }
        } catch (Exception e) {
            LOG.error("account {}: signal {} (event {}) was not journaled: {}", account, signal.id(), signal.sourceEventId(),
                    e.getMessage(), e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    public void onFill(Fill fill) {
        getEndpoint().getComponent().events().onFill(fill);
    }

    @Override
    public void onOrderStatus(String acct, String clientOrderId, String brokerOrderId, String status, BigDecimal filledQuantity) {
        getEndpoint().getComponent().events().onOrderStatus(acct, clientOrderId, brokerOrderId, status, filledQuantity);
    }

    @Override
    public void onConnectionState(String state, String detail) {
        LOG.info("account feed {}: {} {}", account, state, detail == null ? "" : detail);
    }
}
