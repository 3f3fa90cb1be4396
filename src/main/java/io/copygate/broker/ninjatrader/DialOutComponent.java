package io.copygate.broker.ninjatrader;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code ninjatrader-dialout:/bridge/ninjatrader/ws?host=..&port=..}: the WebSocket server NinjaTrader
 * add-ons in dial-out mode connect to, as a route's consumer. Each event frame the add-ons send becomes
 * an exchange (body: the event's JSON, header {@code Authorization}: the connection's token, as over
 * HTTP); the route's answer (status 2xx/409 or 400/410/413/422) becomes the add-on's {@code ack} or
 * {@code reject}. The connections also carry the adapter's commands to the add-ons
 * ({@link DialOutSessions}), so without this route dial-out accounts cannot be reached.
 */
final class DialOutComponent extends DefaultComponent {
    private final DialOutSessions sessions;
    private final NinjaTraderAccounts accounts;

    DialOutComponent(DialOutSessions sessions, NinjaTraderAccounts accounts) {
        this.sessions = sessions;
        this.accounts = accounts;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String path = remaining == null || remaining.isBlank() ? "/bridge/ninjatrader/ws" : remaining;
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String host = getAndRemoveParameter(parameters, "host", String.class, "0.0.0.0");
        int port = getAndRemoveParameter(parameters, "port", Integer.class, 8082);
        return new DialOutEndpoint(uri, this, path, host, port);
    }

    final class DialOutEndpoint extends DefaultEndpoint {
        private final String path;
        private final String host;
        private final int port;

        DialOutEndpoint(String uri, DialOutComponent component, String path, String host, int port) {
            super(uri, component);
            this.path = path;
            this.host = host;
            this.port = port;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("ninjatrader-dialout only consumes: use it in from:");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            DialOutServer consumer = new DialOutServer(this, processor, sessions, accounts, path, host, port);
            configureConsumer(consumer);
            return consumer;
        }
    }
}
