package io.copygate;

import io.copygate.api.ApiJson;
import io.copygate.api.DeadLettersApi;
import io.copygate.api.KillSwitchesApi;
import io.copygate.api.ReconciliationsApi;
import io.copygate.copy.InstrumentMaps;
import io.copygate.copy.RiskGuards;
import io.copygate.delivery.DailyLossFlatten;
import io.copygate.delivery.DeliveryChecks;
import io.copygate.delivery.FirstAttempts;
import io.copygate.store.AckWriter;
import io.copygate.delivery.KillSwitches;
import io.copygate.delivery.Reconciliations;
import io.copygate.delivery.StoredRiskState;
import io.copygate.store.KillSwitchStore;
import io.copygate.store.ReconciliationStore;
import io.copygate.store.RiskStore;
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
import io.copygate.copy.SizingRule;
import io.copygate.delivery.AccountEquities;
import io.copygate.delivery.AccountEvents;
import io.copygate.delivery.FollowerBrackets;
import io.copygate.delivery.BrokerAccounts;
import io.copygate.delivery.CopyOrderDelivery;
import io.copygate.delivery.DeadLetters;
import io.copygate.delivery.FollowerCircuitBreakers;
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
import io.copygate.broker.AccountFeedFactory;
import io.copygate.broker.AccountFeeds;
import io.copygate.broker.BrokerAdapterFactory;
import io.copygate.broker.BrokerContext;
import io.copygate.broker.BrokerHttp;
import io.copygate.delivery.StoredBrokerState;
import io.copygate.delivery.VenueAdjustments;
import io.copygate.feed.AccountFeedComponent;
import io.copygate.ingest.BodyLimit;
import io.copygate.security.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
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
 * documented there, with its default) and binds them under the names the route files use. Read top to
 * bottom: the store, the brokers, planning, delivery, the sources, the API.
 */
public final class GatewayConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        Path configDir = Path.of(settings.text("copygate.config-dir"));

        // --- the store, and the configuration file loaded into it
        Database db = new Database(settings.text("copygate.db.url"), settings.text("copygate.db.user"),
                settings.optional("copygate.db.password", ""), settings.integer("copygate.db.pool-size"));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        });
        CredentialVault vault = CredentialVault.open(System.getenv("COPYGATE_MASTER_KEY"), Path.of(settings.text("copygate.master-key-file")));
        AuditLog audit = new AuditLog(db, clock);
        AccountStore accounts = new AccountStore(db, clock);
        GatewayConfigFile gatewayFile = GatewayConfigFile.read(configDir.resolve("gateway.yaml"), System::getenv);
        RiskStore riskStore = new RiskStore(db);
        gatewayFile.load(accounts, vault, audit, riskStore);
        InstrumentCatalog catalog = InstrumentCatalog.load(configDir.resolve("instruments.yaml"), clock);
        SignalJournal journal = new SignalJournal(db, settings.millis("copygate.webhook.dedupe-window-ms"), clock);
        CopyOrderOutbox outbox = new CopyOrderOutbox(db, clock);
        PositionStore positions = new PositionStore(db, clock);
        DeadLetterStore deadLetterStore = new DeadLetterStore(db, clock);

        // --- brokers: the paper broker, and every broker module on the classpath
        BrokerAdapters adapters = new BrokerAdapters();
        // followers' brackets at brokers that do not take them with the entry are kept by the gateway,
        // off the brokers' event threads, and dispatched like any copy order
        java.util.concurrent.ExecutorService bracketPool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "follower-brackets");
            t.setDaemon(true);
            return t;
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                bracketPool.shutdown();
            }
        });
        org.apache.camel.ProducerTemplate[] producer = new org.apache.camel.ProducerTemplate[1];
        FollowerBrackets brackets = new FollowerBrackets(outbox, positions,
                adapters::gatewayKeepsBrackets, orders -> {
                    synchronized (producer) {
                        if (producer[0] == null) {
                            producer[0] = context.createProducerTemplate();
                        }
                    }
                    producer[0].sendBody("direct:dispatch", new FollowerBrackets.Derived(orders));
                }, bracketPool);
        AccountEvents events = new AccountEvents(positions, outbox, catalog, brackets);
        PaperQuotes quotes = new PaperQuotes(gatewayFile.paperQuotes());
        PaperBroker paper = new PaperBroker(db, quotes, events, clock, settings.millis("copygate.paper.latency-ms"));
        BrokerHttp http = new BrokerHttp(settings.millis("copygate.broker.connect-timeout-ms"),
                settings.millis("copygate.broker.request-timeout-ms"), settings.integer("copygate.broker.http-threads"));
        StoredBrokerState brokerState = new StoredBrokerState(outbox, accounts, vault);
        BrokerContext brokerContext = new BrokerContext(http, clock, brokerState, brokerState);
        adapters.add(paper);
        AccountFeeds feeds = new AccountFeeds();
        List<BrokerAdapterFactory> modules = new java.util.ArrayList<>();
        for (BrokerAdapterFactory module : ServiceLoader.load(BrokerAdapterFactory.class)) {
            modules.add(module);
            adapters.add(module.create(brokerContext));
            AccountFeedFactory feed = module.feeds(brokerContext);
            if (feed != null) {
                feeds.add(feed);
            }
        }
        BrokerAccounts brokerAccounts = new BrokerAccounts(accounts, vault);

        // --- planning: equity for the links that size by it is read before the routes start, then kept fresh
        AccountEquities equities = new AccountEquities(adapters, brokerAccounts, clock,
                settings.millis("copygate.equity.refresh-ms"), settings.millis("copygate.equity.max-age-ms"));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                equities.close();
            }
        });
        equities.track(accountsSizedByEquity(accounts.links()), settings.millis("copygate.equity.startup-wait-ms"));
        InstrumentMaps instrumentMaps = InstrumentMaps.load(configDir.resolve("instruments.yaml"));
        PositionBook positionBook = positionBook(positions);
        RiskGuards riskGuards = new RiskGuards(new StoredRiskState(riskStore, positions, quotes), positionBook, catalog,
                gatewayFile.riskProfiles(), clock);
        io.copygate.copy.RuleBook ruleBook = new io.copygate.copy.RuleBook(riskGuards, instrumentMaps);
        for (CopyLink link : links(accounts.links())) {
            try {
                ruleBook.check(link.rules());
            } catch (io.copygate.copy.InvalidCopyRulesException e) {
                throw new IllegalStateException("copy link " + link.id() + ": " + e.getMessage());
            }
        }
        CopyPlanner planner = new CopyPlanner(catalog, positionBook, outbox::workingCopies,
                master -> links(accounts.linksOfMaster(master)), new VenueAdjustments(adapters, brokerAccounts), equities,
                riskGuards, instrumentMaps);
        KillSwitchStore killSwitchStore = new KillSwitchStore(db, clock);
        KillSwitches killSwitches = new KillSwitches(killSwitchStore, riskStore, accounts, positions, journal, audit, clock,
                adapters::gatewayKeepsBrackets);
        ReconciliationStore reconciliationStore = new ReconciliationStore(db, clock);
        Reconciliations reconciliations = new Reconciliations(accounts, reconciliationStore, riskStore, journal, killSwitches,
                catalog, instrumentMaps, audit, clock);
        scheduleReconciliation(context, settings.text("copygate.reconcile.interval"));

        // --- delivery
        RetrySchedule retries = RetrySchedule.parse(settings.text("copygate.delivery.retry-schedule"),
                Double.parseDouble(settings.text("copygate.delivery.retry-jitter")));
        FollowerCircuitBreakers breakers = new FollowerCircuitBreakers(settings.integer("copygate.delivery.breaker.window"),
                settings.integer("copygate.delivery.breaker.minimum-calls"),
                Float.parseFloat(settings.text("copygate.delivery.breaker.failure-rate-percent")),
                settings.millis("copygate.delivery.breaker.wait-open-ms"));
        AckWriter acks = new AckWriter(db, clock);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                acks.close(); // before the database closes: what is queued gets written
            }
        });
        DeliveryChecks deliveryChecks = new DeliveryChecks(killSwitches, riskGuards, riskStore, accounts);
        CopyOrderDelivery delivery = new CopyOrderDelivery(outbox, acks, adapters, brokerAccounts, accounts, retries, breakers,
                deliveryChecks, killSwitchStore::blockAtDelivery);
        DeadLetters deadLetters = new DeadLetters(deadLetterStore, outbox, audit, breakers);

        // --- sources
        TickerParser tickers = new TickerParser(catalog.futuresRoots(), clock);
        WebhookTokens tokens = new WebhookTokens(sha -> {
            AccountStore.TokenOwner owner = accounts.tokenOwner(sha);
            return owner == null ? null : new WebhookTokens.Entry(owner.accountId(), owner.tenant(), owner.active(), owner.ipAllowlist());
        });
        SignalSignature signatures = new SignalSignature(keyId -> {
            AccountStore.SignalKeyRow row = accounts.signalKey(keyId);
            return row == null ? null : new SignalSignature.Key(row.account(), row.tenant(), row.active(),
                    vault.decrypt("signal-key:" + keyId, row.secretEnc()).get("secret").getBytes(StandardCharsets.UTF_8));
        }, Duration.ofSeconds(settings.integer("copygate.webhook.signature-tolerance-s")), clock);
        context.addComponent("account-feed", new AccountFeedComponent(feeds, brokerAccounts, events));

        // --- the names the route files use
        ApiJson json = new ApiJson();
        registry.bind("database", db);
        registry.bind("clock", clock);
        registry.bind("instrumentCatalog", catalog);
        registry.bind("webhookTokens", tokens);
        registry.bind("signalSignatures", signatures);
        registry.bind("webhookBodyLimit", new BodyLimit(settings.integer("copygate.webhook.max-body-bytes")));
        registry.bind("tradingViewAlerts", new TradingViewAlerts(new TradersPostAlert(tickers, clock), new AtiCommand(tickers, clock)));
        registry.bind("canonicalSignals", new CanonicalSignal(tickers, clock));
        registry.bind("copyPlanner", planner);
        registry.bind("signalJournal", journal);
        registry.bind("copyOrderOutbox", outbox);
        registry.bind("copyOrderDelivery", delivery);
        registry.bind("firstAttempts", new FirstAttempts(deliveryChecks, killSwitchStore::blockAtDelivery, outbox));
        registry.bind("deliveryRetryWhile", (Predicate) exchange ->
                delivery.shouldRetry(exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class)));
        registry.bind("followerCircuitBreakers", breakers);
        registry.bind("deadLetters", deadLetters);
        registry.bind("accountEvents", events);
        registry.bind("accountEquities", equities);
        registry.bind("accountStore", accounts);
        registry.bind("positionStore", positions);
        registry.bind("brokerAdapters", adapters);
        registry.bind("brokerHttp", http);
        registry.bind("paperBroker", paper);
        registry.bind("followerBrackets", brackets);
        registry.bind("apiTokens", new ApiTokens(settings.optional("copygate.api.token-sha256", null)));
        registry.bind("apiJson", json);
        registry.bind("webhookReplies", new WebhookReplies(json));
        registry.bind("signalsApi", new SignalsApi(journal, outbox));
        registry.bind("ordersApi", new OrdersApi(outbox));
        registry.bind("deadLettersApi", new DeadLettersApi(deadLetterStore, deadLetters));
        registry.bind("paperApi", new PaperApi(paper, quotes));
        registry.bind("killSwitchesApi", new KillSwitchesApi(killSwitches, killSwitchStore));
        registry.bind("reconciliations", reconciliations);
        registry.bind("reconciliationsApi", new ReconciliationsApi(reconciliations, reconciliationStore));
        registry.bind("linksApi", new io.copygate.api.LinksApi(accounts, ruleBook, audit, equities));
        registry.bind("flattenApi", new io.copygate.api.FlattenApi(new io.copygate.delivery.Flattens(
                new io.copygate.delivery.ClosingOrders(killSwitchStore, accounts, positions, riskStore, adapters::gatewayKeepsBrackets),
                killSwitchStore, accounts,
                journal, audit, clock), tickers, catalog));
        registry.bind("dailyLossFlatten", new DailyLossFlatten(killSwitches, riskGuards,
                linkId -> links(accounts.links()).stream().filter(l -> l.id().equals(linkId)).findFirst().orElse(null)));

        // brokers whose accounts reach the gateway on their own (the NinjaTrader add-on) bind their beans last
        io.copygate.broker.BrokerGateway gateway = brokerGateway(context, accounts, brokerAccounts, journal);
        for (BrokerAdapterFactory module : modules) {
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

    private static PositionBook positionBook(PositionStore positions) {
        return new PositionBook() {
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
    }

    /** Masters and followers of the links whose sizing reads equity. */
    private static java.util.Set<String> accountsSizedByEquity(List<AccountStore.LinkRow> rows) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (CopyLink link : links(rows)) {
            if (SizingRule.of(link.rules()).needsEquity()) {
                ids.add(link.masterAccount());
                ids.add(link.followerAccount());
            }
        }
        return ids;
    }

    private static List<CopyLink> links(List<AccountStore.LinkRow> rows) {
        return rows.stream().map(r -> new CopyLink(r.id(), r.tenant(), r.masterAccount(), r.followerAccount(),
                r.followerBroker(), r.followerStatus(), r.followerStatusReason(), "active".equals(r.status()),
                CopyRules.fromJson(r.rulesJson()))).toList();
    }

    /**
     * routes/pipeline/reconcile.yaml runs every {@code copygate.reconcile.interval} (60s, 5m, or milliseconds);
     * 0 or off leaves the route stopped. The route reads the two derived properties set here.
     */
    private static void scheduleReconciliation(CamelContext context, String interval) {
        String v = interval.trim();
        long ms;
        try {
            ms = v.equals("off") ? 0 : org.apache.camel.util.TimeUtils.toMilliSeconds(v);
        } catch (RuntimeException e) {
            throw new IllegalStateException("property copygate.reconcile.interval must be a duration (60s, 5m), 0 or off, was '"
                    + interval + "'");
        }
        if (ms < 0) {
            throw new IllegalStateException("property copygate.reconcile.interval must not be negative, was '" + interval + "'");
        }
        context.getPropertiesComponent().addOverrideProperty("copygate.reconcile.scheduled", String.valueOf(ms > 0));
        context.getPropertiesComponent().addOverrideProperty("copygate.reconcile.period-ms", String.valueOf(ms > 0 ? ms : 60_000));
    }

    /** Typed reads of the properties; a missing one names itself and the file that documents it. */
    private record Settings(PropertiesComponent props) {
        String text(String key) {
            return props.resolveProperty(key).orElseThrow(() ->
                    new IllegalStateException("property " + key + " is not set (see config/application.properties)"));
        }

        String optional(String key, String fallback) {
            return props.resolveProperty(key).filter(v -> !v.isBlank()).orElse(fallback);
        }

        int integer(String key) {
            try {
                return Integer.parseInt(text(key).trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("property " + key + " must be a whole number, was '" + text(key) + "'");
            }
        }

        Duration millis(String key) {
            try {
                return Duration.ofMillis(Long.parseLong(text(key).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("property " + key + " must be milliseconds, was '" + text(key) + "'");
            }
        }
    }
}
