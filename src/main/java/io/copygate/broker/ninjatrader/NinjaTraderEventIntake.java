package io.copygate.broker.ninjatrader;

import io.copygate.broker.BrokerAccount;
import io.copygate.security.AuthenticationException;
import io.copygate.signal.Fill;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.Signal;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ninjaTraderEvents} bean of {@code routes/sources/ninjatrader-events.yaml}: authenticates an
 * add-on event, finds its gateway account and says what it means — a signal to copy (the trader's own
 * trading), a fill (every execution), a copy order's new status (copygate's orders) — for the route to
 * hand to the pipeline and to {@code accountEvents}. The same route serves events posted over HTTP and
 * events arriving over the dial-out WebSocket.
 */
public final class NinjaTraderEventIntake {
    private static final Logger LOG = LoggerFactory.getLogger(NinjaTraderEventIntake.class);
    private final NinjaTraderAccounts accounts;
    private final BiFunction<String, String, Optional<Signal>> lastCopied;
    private final Clock clock;

    /** A copy order's state at NinjaTrader, in NinjaTrader's words ({@code working}, {@code partFilled}, {@code filled}, ...). */
    public record OrderStatus(String clientOrderId, String brokerOrderId, String status, BigDecimal filled) {
    }

    /** What one event means; any part may be null. {@code account} is the gateway's account id. */
    public record Outcome(String eventId, String account, Signal signal, Fill fill, OrderStatus status) {
    }

    /**
     * @param lastCopied (master account, NinjaTrader order id) → the latest order signal journaled for it
     */
    NinjaTraderEventIntake(NinjaTraderAccounts accounts, BiFunction<String, String, Optional<Signal>> lastCopied, Clock clock) {
        this.accounts = accounts;
        this.lastCopied = lastCopied;
        this.clock = clock;
    }

    /**
     * @param authorization the {@code Authorization} header: {@code Bearer <the account's token credential>}
     * @throws AuthenticationException 401 when no NinjaTrader account has that token (the add-on keeps the
     *                                 event and retries: nothing is lost while the tokens disagree)
     * @throws InvalidSignalException  400 unreadable, 422 readable but not for this gateway (the add-on sets
     *                                 the event aside for good)
     */
    public Outcome read(String authorization, String body) {
        List<BrokerAccount> candidates = accounts.withToken(NinjaTraderAccounts.bearer(authorization));
        if (candidates.isEmpty()) {
            throw new AuthenticationException(401, "missing or wrong bearer token");
        }
        NinjaTraderEvent e = NinjaTraderEvent.parse(body);
        BrokerAccount account = owner(candidates, e.account());
        Signal signal = NinjaTraderEvents.masterSignal(e, account, orderId -> lastCopied.apply(account.id(), orderId), clock.instant());
        Fill fill = e.isExecution() ? NinjaTraderEvents.fill(e, account) : null;
        OrderStatus status = null;
        if (!e.isExecution() && e.clientOrderId() != null && !e.isBracketLeg()) {
            status = new OrderStatus(e.clientOrderId(), e.orderId(), e.state(), e.filled());
        }
        if (e.isBracketLeg() && "rejected".equals(e.state())) {
            LOG.warn("NinjaTrader rejected bracket leg {} of copy order {} on {}: {} (the position it protects is unprotected)",
                    e.clientOrderId(), e.parentClientOrderId(), account.id(), e.error());
        }
        return new Outcome(e.eventId(), account.id(), signal, fill, status);
    }

    /**
     * The route's last step: {@code 200 {"ack": eventId}} for the route's {@code event} property, the add-on's
     * cue to drop the event from its queue.
     */
    public void acknowledge(Exchange exchange) {
        Outcome outcome = exchange.getProperty("event", Outcome.class);
        exchange.getMessage().setBody(NinjaTraderOrderMapper.write(NinjaTraderOrderMapper.JSON.createObjectNode()
                .put("ack", outcome == null ? null : outcome.eventId())));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    }

    private static BrokerAccount owner(List<BrokerAccount> candidates, String ntAccount) {
        List<BrokerAccount> named = candidates.stream().filter(a -> ntAccount.equals(NinjaTraderConfig.ntAccount(a))).toList();
        if (named.isEmpty()) {
            throw InvalidSignalException.invalid("account", "no copygate account of broker ninjatrader has ntAccount '"
                    + ntAccount + "' and this token; add it to config/gateway.yaml or remove it from the add-on's Accounts");
        }
        if (named.size() > 1) {
            // a configuration mistake: answered 500 so the add-on keeps the event until it is fixed
            throw new IllegalStateException("accounts " + named.stream().map(BrokerAccount::id).toList()
                    + " share the NinjaTrader account name '" + ntAccount + "' and the same token; events cannot be attributed");
        }
        return named.get(0);
    }
}
