package io.copygate.broker.ninjatrader;

import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerGateway;
import io.copygate.broker.BrokerHttp;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;

/**
 * Joins the NinjaTrader bridge to the gateway (listed in META-INF/services): the adapter, and for the
 * route files the {@code ninjaTraderEvents} bean and the {@code ninjatrader-dialout} component. One
 * factory per gateway, so the adapter and the dial-out server share one set of connections.
 */
public final class NinjaTraderAdapterFactory implements BrokerAdapterFactory {
    private final DialOutSessions dialOut = new DialOutSessions();

    @Override
    public BrokerAdapter create(io.copygate.broker.BrokerContext context) {
        BrokerHttp http = context.http();
        return new NinjaTraderAdapter(http, dialOut);
    }

    @Override
    public void start(BrokerGateway gateway) {
        CamelContext camel = gateway.camel();
        NinjaTraderAccounts accounts = new NinjaTraderAccounts(() -> gateway.accounts(NinjaTraderAdapter.BROKER));
        camel.getPropertiesComponent().resolveProperty("copygate.broker.request-timeout-ms")
                .ifPresent(ms -> dialOut.answerTimeout(Duration.ofMillis(Long.parseLong(ms.trim()))));
        camel.getRegistry().bind("ninjaTraderEvents", new NinjaTraderEventIntake(accounts, gateway::lastOrderSignal, Clock.systemUTC()));
        camel.addComponent("ninjatrader-dialout", new DialOutComponent(dialOut, accounts));
    }
}
