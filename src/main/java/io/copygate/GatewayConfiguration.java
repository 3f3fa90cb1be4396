package io.copygate;

import io.copygate.api.ApiJson;
import io.copygate.api.DeadLettersApi;
import io.copygate.api.OrdersApi;
import io.copygate.api.PaperApi;
import io.copygate.api.SignalsApi;
import io.copygate.api.WebhookReplies;
import io.copygate.broker.BrokerAdapters;
import io.copygate.broker.paper.PaperBroker;
import io.copygate.broker.paper.PaperQuotes;
import io.copygate.copy.CopyLink;
import io.copygate.copy.CopyPlanner;
import io.copygate.copy.CopyRules;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.copy.PositionBook;
import io.copygate.delivery.AccountEvents;
import io.copygate.delivery.BrokerAccounts;
import io.copygate.delivery.CopyOrderDelivery;
import io.copygate.delivery.DeadLetters;
import io.copygate.delivery.RetrySchedule;
import io.copygate.ingest.AtiCommand;
import io.copygate.ingest.CanonicalSignal;
import io.copygate.ingest.TickerParser;
import io.copygate.ingest.TradersPostAlert;
import io.copygate.ingest.TradingViewAlerts;
import io.copygate.security.CredentialVault;
import io.copygate.security.SignalSignature;
import io.copygate.security.WebhookTokens;
import io.copygate.signal.Instrument;
import io.copygate.store.AccountStore;
import io.copygate.store.AuditLog;
import io.copygate.store.CopyOrderOutbox;
import io.copygate.store.Database;
import io.copygate.store.DeadLetterStore;
import io.copygate.store.PositionStore;
import io.copygate.store.SignalJournal;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Builds the gateway's beans from the properties in {@code config/application.properties} (every one
 * documented there, with its default) and binds them under the names the route files use.
 */
public final class GatewayConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        Path configDir = Path.of(prop(props, "copygate.config-dir"));

        Database db = new Database(prop(props, "copygate.db.url"), prop(props, "copygate.db.user"),
                props.resolveProperty("copygate.db.password").orElse(""), Integer.parseInt(prop(props, "copygate.db.pool-size")));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        });
        CredentialVault vault = CredentialVault.open(System.getenv("COPYGATE_MASTER_KEY"),
                Path.of(prop(props, "copygate.master-key-file")));
        AuditLog audit = new AuditLog(db, clock);
        AccountStore accounts = new AccountStore(db, clock);
        GatewayConfigFile gatewayFile = GatewayConfigFile.read(configDir.resolve("gateway.yaml"), System::getenv);
        gatewayFile.load(accounts, vault, audit);

        InstrumentCatalog catalog = InstrumentCatalog.load(configDir.resolve("instruments.yaml"), clock);
        TickerParser tickers = new TickerParser(catalog.futuresRoots(), clock);
        SignalJournal journal = new SignalJournal(db, Duration.ofMillis(Long.parseLong(prop(props, "copygate.webhook.dedupe-window-ms"))), clock);
        CopyOrderOutbox outbox = new CopyOrderOutbox(db, clock);
        PositionStore positions = new PositionStore(db, clock);
        DeadLetterStore deadLetterStore = new DeadLetterStore(db, clock);
        DeadLetters deadLetters = new DeadLetters(deadLetterStore, outbox, audit);

        PositionBook book = new PositionBook() {
            @Override
            public BigDecimal quantity(String account, String symbol) {
                return positions.quantity(account, symbol);
            }

            @Override
            public Map<Instrument, BigDecimal> open(String account) {
                Map<Instrument, BigDecimal> open = new LinkedHashMap<>();
                for (PositionStore.Position p : positions.positions(account)) {
                    if (p.quantity().signum() != 0) {
                        open.put(Instrument.parse(p.symbol(), io.copygate.signal.AssetClass.valueOf(p.assetClass())), p.quantity());
                    }
                }
                return open;
            }
        };
        CopyPlanner planner = new CopyPlanner(catalog, book,
                outbox::workingCopies,
                master -> links(accounts.linksOfMaster(master)));

        AccountEvents events = new AccountEvents(positions, outbox, catalog);
        PaperQuotes quotes = new PaperQuotes(gatewayFile.paperQuotes());
        PaperBroker paper = new PaperBroker(db, quotes, events, clock,
                Duration.ofMillis(Long.parseLong(prop(props, "copygate.paper.latency-ms"))));
        BrokerAdapters adapters = new BrokerAdapters().add(paper);
        io.copygate.broker.BrokerHttp http = new io.copygate.broker.BrokerHttp(
                Duration.ofMillis(Long.parseLong(prop(props, "copygate.broker.connect-timeout-ms"))),
                Duration.ofMillis(Long.parseLong(prop(props, "copygate.broker.request-timeout-ms"))));
        io.copygate.broker.AccountFeeds feeds = new io.copygate.broker.AccountFeeds();
        List<io.copygate.broker.BrokerAdapterFactory> brokerModules = new java.util.ArrayList<>();
        for (io.copygate.broker.BrokerAdapterFactory factory : java.util.ServiceLoader.load(io.copygate.broker.BrokerAdapterFactory.class)) {
            brokerModules.add(factory);
            adapters.add(factory.create(http));
            io.copygate.broker.AccountFeedFactory feedFactory = factory.feeds(http);
            if (feedFactory != null) {
                feeds.add(feedFactory);
            }
        }
        RetrySchedule retries = RetrySchedule.parse(prop(props, "copygate.delivery.retry-schedule"),
                Double.parseDouble(prop(props, "copygate.delivery.retry-jitter")));

        WebhookTokens tokens = new WebhookTokens(sha -> {
            AccountStore.TokenOwner owner = accounts.tokenOwner(sha);
            return owner == null ? null : new WebhookTokens.Entry(owner.accountId(), owner.tenant(), owner.active(), owner.ipAllowlist());
        });
        SignalSignature signatures = new SignalSignature(keyId -> {
            AccountStore.SignalKeyRow row = accounts.signalKey(keyId);
            return row == null ? null : new SignalSignature.Key(row.account(), row.tenant(), row.active(),
                    vault.decrypt("signal-key:" + keyId, row.secretEnc()).get("secret").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }, Duration.ofSeconds(Long.parseLong(prop(props, "copygate.webhook.signature-tolerance-s"))), clock);

        ApiJson json = new ApiJson();
        BrokerAccounts brokerAccounts = new BrokerAccounts(accounts, vault);
        CopyOrderDelivery delivery = new CopyOrderDelivery(outbox, adapters, brokerAccounts, accounts, retries);
        context.addComponent("account-feed", new io.copygate.feed.AccountFeedComponent(feeds, brokerAccounts, events));
        registry.bind("database", db);
        registry.bind("clock", clock);
        registry.bind("instrumentCatalog", catalog);
        registry.bind("tradingViewAlerts", new TradingViewAlerts(new TradersPostAlert(tickers, clock), new AtiCommand(tickers, clock)));
        registry.bind("canonicalSignals", new CanonicalSignal(tickers, clock));
        registry.bind("webhookTokens", tokens);
        registry.bind("signalSignatures", signatures);
        registry.bind("copyPlanner", planner);
        registry.bind("signalJournal", journal);
        registry.bind("copyOrderOutbox", outbox);
        registry.bind("copyOrderDelivery", delivery);
        registry.bind("deliveryRetryWhile", (org.apache.camel.Predicate) exchange ->
                delivery.shouldRetry(exchange.getIn().getHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER, Integer.class)));
        registry.bind("webhookBodyLimit", new io.copygate.ingest.BodyLimit(Integer.parseInt(prop(props, "copygate.webhook.max-body-bytes"))));
        registry.bind("apiTokens", new io.copygate.security.ApiTokens(props.resolveProperty("copygate.api.token-sha256").orElse(null)));
        registry.bind("deadLetters", deadLetters);
        registry.bind("accountEvents", events);
        registry.bind("accountStore", accounts);
        registry.bind("positionStore", positions);
        registry.bind("brokerAdapters", adapters);
        registry.bind("brokerHttp", http);
        registry.bind("paperBroker", paper);
        registry.bind("apiJson", json);
        registry.bind("webhookReplies", new WebhookReplies(json));
        registry.bind("signalsApi", new SignalsApi(journal, outbox));
        registry.bind("ordersApi", new OrdersApi(outbox));
        registry.bind("deadLettersApi", new DeadLettersApi(deadLetterStore, deadLetters));
        registry.bind("paperApi", new PaperApi(paper, quotes));

        // brokers whose accounts reach the gateway on their own (the NinjaTrader add-on) bind their beans last
        io.copygate.broker.BrokerGateway gateway = brokerGateway(context, accounts, brokerAccounts, journal);
        for (io.copygate.broker.BrokerAdapterFactory module : brokerModules) {
            module.start(gateway);
        }
    }

    private static io.copygate.broker.BrokerGateway brokerGateway(CamelContext context, AccountStore accounts,
                                                                  BrokerAccounts brokerAccounts, SignalJournal journal) {
        return new io.copygate.broker.BrokerGateway() {
            @Override
            public CamelContext camel() {
                return context;
            }

            @Override
            public List<io.copygate.broker.BrokerAccount> accounts(String broker) {
                List<io.copygate.broker.BrokerAccount> out = new java.util.ArrayList<>();
                for (AccountStore.AccountRow row : accounts.accounts()) {
                    if (broker.equals(row.broker())) {
                        try {
                            out.add(brokerAccounts.of(row.id()));
                        } catch (RuntimeException unreadable) {
                            org.slf4j.LoggerFactory.getLogger(GatewayConfiguration.class)
                                    .warn("account {} cannot be read: {}", row.id(), unreadable.getMessage());
                        }
                    }
                }
                return out;
            }

            @Override
            public java.util.Optional<io.copygate.signal.Signal> lastOrderSignal(String masterAccount, String masterOrderRef) {
                return java.util.Optional.ofNullable(journal.lastOrderSignal(masterAccount, masterOrderRef));
            }
        };
    }

    private static List<CopyLink> links(List<AccountStore.LinkRow> rows) {
        return rows.stream().map(r -> new CopyLink(r.id(), r.tenant(), r.masterAccount(), r.followerAccount(),
                r.followerBroker(), r.followerStatus(), r.followerStatusReason(), "active".equals(r.status()),
                CopyRules.fromJson(r.rulesJson()))).toList();
    }

    private static String prop(PropertiesComponent props, String key) {
        return props.resolveProperty(key).orElseThrow(() ->
                new IllegalStateException("property " + key + " is not set (see config/application.properties)"));
    }
}
