package io.copygate.delivery;

import io.copygate.broker.AccountEquitySource;
import io.copygate.broker.BrokerAdapter;
import io.copygate.broker.BrokerAdapters;
import io.copygate.copy.AccountEquity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts' equity for sizing, read from their brokers in the background ({@link AccountEquitySource},
 * e.g. Alpaca's GET /v2/account) and answered from memory: planning never waits for a broker. Every
 * account it knows is re-read every {@code refreshEvery}; a reading older than {@code maxAge} counts as
 * unknown, so a broker that stops answering makes equity-sized copies recorded skips instead of orders
 * sized on an old equity. An unknown account asked for is read at once in the background (its first
 * signal is skipped with the reason; the next ones are sized).
 */
public final class AccountEquities implements AccountEquity, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountEquities.class);

    private final BrokerAdapters adapters;
    private final BrokerAccounts accounts;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "copygate-equity-refresh");
        t.setDaemon(true);
        return t;
    });

    /** The last reading of an account (equity null: never read) and the last failure, if any. */
    private record Entry(BigDecimal equity, Instant readAt, String lastFailure) {
    }

    public AccountEquities(BrokerAdapters adapters, BrokerAccounts accounts, Clock clock, Duration refreshEvery, Duration maxAge) {
        this.adapters = adapters;
        this.accounts = accounts;
        this.clock = clock;
        this.maxAge = maxAge;
        long every = Math.max(1, refreshEvery.toMillis());
        timer.scheduleWithFixedDelay(this::refreshAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Reading of(String account) {
        Entry e = entries.get(account);
        if (e == null) {
            refresh(account);
            return Reading.unknown("not read from its broker yet (reading it now)");
        }
        if (e.equity() == null) {
            refresh(account);
            return Reading.unknown(e.lastFailure() == null ? "not read from its broker yet (reading it now)"
                    : "its broker did not answer: " + e.lastFailure());
        }
        Duration age = Duration.between(e.readAt(), clock.instant());
        if (age.compareTo(maxAge) > 0) {
            refresh(account);
            return Reading.unknown("last read " + age.toSeconds() + " s ago, older than " + maxAge.toSeconds() + " s"
                    + (e.lastFailure() == null ? "" : "; its broker did not answer since: " + e.lastFailure()));
        }
        return Reading.known(e.equity());
    }

    /**
     * Starts tracking these accounts and reads them all, waiting at most {@code wait} so the first
     * signals after start-up are sized (a broker that does not answer in time only delays nothing else).
     */
    public void track(Collection<String> accountIds, Duration wait) {
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (String id : accountIds) {
            entries.putIfAbsent(id, new Entry(null, null, null));
            reads.add(refresh(id));
        }
        try {
            CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("equity of {} accounts not read within {} ms; those signals are skipped until it is",
                    reads.stream().filter(r -> !r.isDone()).count(), wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // each read records its own failure
        }
    }

    private void refreshAll() {
        entries.keySet().forEach(this::refresh);
    }

    /** Reads one account's equity unless a read is already under way; completes (never fails) when it is done. */
    private CompletableFuture<Void> refresh(String accountId) {
        entries.putIfAbsent(accountId, new Entry(null, null, null));
        if (!inFlight.add(accountId)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<BigDecimal> read;
        try {
            var account = accounts.of(accountId);
            BrokerAdapter adapter = adapters.of(account.broker());
            read = adapter instanceof AccountEquitySource source ? source.equityAsync(account)
                    : CompletableFuture.failedFuture(new UnsupportedOperationException(
                            "broker " + account.broker() + " does not report account equity"));
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.handle((equity, failure) -> {
            inFlight.remove(accountId);
            if (failure == null && equity != null) {
                entries.put(accountId, new Entry(equity, clock.instant(), null));
            } else {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String why = cause == null ? "no equity in the answer" : cause.getMessage();
                entries.compute(accountId, (id, old) -> old == null ? new Entry(null, null, why)
                        : new Entry(old.equity(), old.readAt(), why));
                LOG.warn("equity of account {} not read: {}", accountId, why);
            }
            return null;
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
