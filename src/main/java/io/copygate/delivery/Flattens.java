package io.copygate.delivery;

import io.copygate.copy.SkipReason;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.signal.Instrument;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.store.AccountStore;
import io.copygate.store.AuditLog;
import io.copygate.store.KillSwitchStore;
import io.copygate.store.SignalJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An operator's flatten of a follower account, of one instrument in every follower account, or of a
 * tenant's follower accounts (optionally in one instrument): the working copies there are cancelled and
 * the positions closed by market orders ({@link ClosingOrders}, as the kill switch does), journaled
 * with a signal of source {@code flatten} and delivered like any copy order. Unlike the kill switch it
 * stops nothing: the next signal is copied as usual.
 */
public final class Flattens {
    public static final String SOURCE = "flatten";
    /** The link id of a flatten's orders; the kill switch's delivery check lets them through. */
    public static final String LINK_PREFIX = "flatten:";

    private final ClosingOrders closing;
    private final KillSwitchStore switches;
    private final AccountStore accounts;
    private final SignalJournal journal;
    private final AuditLog audit;
    private final Clock clock;

    /** The journaled flatten: its signal and the orders the route dispatches. */
    public record Flattened(Signal signal, List<CopyOrder> orders) {
    }

    public Flattens(ClosingOrders closing, KillSwitchStore switches, AccountStore accounts, SignalJournal journal, AuditLog audit,
                    Clock clock) {
        this.closing = closing;
        this.switches = switches;
        this.accounts = accounts;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param scope      account (subject: a follower account), tenant (subject: a tenant) or instrument
     *                   (subject ignored for the accounts: every follower account)
     * @param instrument the one instrument to flatten; null: all of them (required for scope instrument)
     */
    public Flattened flatten(String scope, String subject, Instrument instrument, String actor) {
        String tenant;
        List<String> followers;
        switch (scope) {
            case "account" -> {
                AccountStore.AccountRow a = accounts.account(subject);
                if (a == null) {
                    throw new KillSwitches.NoSuchSubjectException("subject", "no account " + subject);
                }
                tenant = a.tenant();
                followers = List.of(subject);
            }
            case "tenant" -> {
                if (accounts.accounts().stream().noneMatch(a -> a.tenant().equals(subject))) {
                    throw new KillSwitches.NoSuchSubjectException("subject", "no tenant " + subject + " with accounts");
                }
                tenant = subject;
                followers = switches.accountsOf("tenant", subject);
            }
            case "instrument" -> {
                tenant = "*";
                followers = accounts.links().stream().map(AccountStore.LinkRow::followerAccount).distinct().sorted().toList();
            }
            default -> throw new KillSwitches.NoSuchSubjectException("scope", "scope must be account, instrument or tenant, was " + scope);
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String what = scope + ":" + subject + (instrument == null ? "" : " in " + instrument.symbol());
        Signal signal = Signal.builder().id(id).tenant(tenant).source(SOURCE).sourceEventId(SOURCE + "-" + id)
                .masterAccount(subject).kind(SignalKind.FLATTEN).instrument(instrument).receivedTime(now)
                .raw("{\"scope\":\"" + scope + "\",\"subject\":\"" + subject + "\",\"instrument\":"
                        + (instrument == null ? "null" : "\"" + instrument.symbol() + "\"") + ",\"by\":\"" + actor + "\"}")
                .build();
        List<CopyOrder> orders = new ArrayList<>();
        List<CopySkip> skips = new ArrayList<>();
        for (String account : followers) {
            List<CopyOrder> mine = closing.of(signal, LINK_PREFIX + id, account, null,
                    symbol -> instrument == null || instrument.symbol().equals(symbol), true, now);
            if (mine.isEmpty()) {
                skips.add(new CopySkip(id, LINK_PREFIX + id, account, SkipReason.NO_POSITION, "follower " + account
                        + " has no position or working copy" + (instrument == null ? "" : " in " + instrument.symbol())));
            }
            orders.addAll(mine);
        }
        journal.record(signal, orders, skips);
        audit.record(actor, "flatten", what, "signal " + id + ": " + orders.size() + " cancel/close orders for "
                + followers.size() + " accounts");
        return new Flattened(signal, List.copyOf(orders));
    }
}
