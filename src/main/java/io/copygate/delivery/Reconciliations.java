package io.copygate.delivery;

import io.copygate.copy.CopyRules;
import io.copygate.copy.InstrumentCatalog;
import io.copygate.copy.InstrumentMaps;
import io.copygate.copy.PositionDrift;
import io.copygate.copy.ReconcileRules;
import io.copygate.signal.AssetClass;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.signal.TimeInForce;
import io.copygate.store.AccountStore;
import io.copygate.store.AuditLog;
import io.copygate.store.PositionStore;
import io.copygate.store.ReconciliationStore;
import io.copygate.store.RiskStore;
import io.copygate.store.SignalJournal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reconciliation runs: every active link (or the one asked for) is compared position by position
 * ({@link PositionDrift}), each result is persisted with the run, and a link whose rules say so gets ONE
 * corrective market order per drift or its kill switch engaged. The orders are journaled here and returned
 * for the route to dispatch like any copy order. docs/copy-rules.md, "Reconciliation", has the rules.
 */
public final class Reconciliations {
    public static final String SOURCE = "reconciliation";

    private final AccountStore accounts;
    private final ReconciliationStore store;
    private final RiskStore risk;
    private final SignalJournal journal;
    private final KillSwitches killSwitches;
    private final InstrumentCatalog catalog;
    private final InstrumentMaps maps;
    private final AuditLog audit;
    private final Clock clock;

    /** A finished run and the orders it journaled (the route sends {@code orders} to dispatch). */
    public record Run(long id, List<CopyOrder> orders) {
    }

    public Reconciliations(AccountStore accounts, ReconciliationStore store, RiskStore risk, SignalJournal journal,
                           KillSwitches killSwitches, InstrumentCatalog catalog, InstrumentMaps maps, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.store = store;
        this.risk = risk;
        this.journal = journal;
        this.killSwitches = killSwitches;
        this.catalog = catalog;
        this.maps = maps;
        this.audit = audit;
        this.clock = clock;
    }

    /** The scheduled run over every active link. */
    public Run scheduled() {
        return run("schedule", "schedule", null, null);
    }

    /**
     * One run. {@code linkId} or {@code accountId} (a master or follower) narrows it; an unknown one is an
     * {@link IllegalArgumentException} before anything is written.
     */
    public Run run(String trigger, String actor, String linkId, String accountId) {
        List<AccountStore.LinkRow> all = accounts.links();
        if (linkId != null && all.stream().noneMatch(l -> l.id().equals(linkId))) {
            throw new IllegalArgumentException("no copy link " + linkId);
        }
        if (accountId != null && accounts.account(accountId) == null) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        List<AccountStore.LinkRow> active = all.stream().filter(l -> "active".equals(l.status())).toList();
        List<AccountStore.LinkRow> chosen = active.stream()
                .filter(l -> linkId == null || l.id().equals(linkId))
                .filter(l -> accountId == null || l.masterAccount().equals(accountId) || l.followerAccount().equals(accountId))
                .toList();
        long runId = store.startRun(trigger, actor, linkId, accountId);
        List<ReconciliationStore.Result> results = new ArrayList<>();
        List<CopyOrder> orders = new ArrayList<>();
        for (AccountStore.LinkRow link : chosen) {
            try {
                reconcile(runId, link, active, actor, results, orders);
            } catch (RuntimeException e) {
                // one link that cannot be read (a store error, a bad symbol) must not hide the others' results
                results.add(error(link, null, null, "could not be reconciled: " + e.getMessage()));
            }
        }
        store.finishRun(runId, results);
        if ("api".equals(trigger)) {
            audit.record(actor, "reconciliation.run", linkId != null ? "link:" + linkId : accountId != null ? "account:" + accountId
                    : "all", "run " + runId + ": " + results.size() + " results, " + orders.size() + " orders");
        }
        return new Run(runId, List.copyOf(orders));
    }

    private void reconcile(long runId, AccountStore.LinkRow link, List<AccountStore.LinkRow> active, String actor,
                           List<ReconciliationStore.Result> results, List<CopyOrder> orders) {
        CopyRules rules;
        try {
            rules = CopyRules.fromJson(link.rulesJson());
        } catch (RuntimeException e) {
            results.add(error(link, null, null, "copy rules cannot be read: " + e.getMessage()));
            return;
        }
        AccountStore.AccountRow master = accounts.account(link.masterAccount());
        ReconciliationStore.Snapshot snap = store.snapshot(link.id(), link.masterAccount(), link.followerAccount());
        Map<String, PositionStore.Position> held = new LinkedHashMap<>();
        snap.follower().forEach(p -> held.put(p.symbol(), p));
        // the follower symbols this link answers for: those it ordered (where the follower holds something) ...
        Set<String> owned = new LinkedHashSet<>();
        for (String s : snap.symbolsOrdered()) {
            if (held.containsKey(s) && held.get(s).quantity().signum() != 0) {
                owned.add(s);
            }
        }
        if ("webhook".equals(master.broker())) {
            // a webhook master reports orders, never fills: its position is unknown, so nothing can be compared
            for (String s : owned.isEmpty() ? List.of("") : owned) {
                results.add(error(link, null, s.isEmpty() ? null : s, "master " + master.id() + " is a webhook source: it "
                        + "reports no fills, so its position is unknown"));
            }
            return;
        }
        ReconcileRules policy = rules.reconcileRules();
        int before = results.size();
        // ... and those the master's open positions map to
        for (PositionStore.Position mp : snap.master()) {
            if (mp.quantity().signum() == 0) {
                continue;
            }
            Instrument mi = Instrument.parse(mp.symbol(), AssetClass.valueOf(mp.assetClass()));
            PositionDrift.Expected e = PositionDrift.expected(rules, mi, mp.quantity(), maps,
                    catalog.spec(rules.followerInstrument(mi)).lotStep());
            String fs = e.followerInstrument().symbol();
            owned.remove(fs);
            if (e.error() != null) {
                results.add(error(link, mp.symbol(), fs, e.error()));
                continue;
            }
            compare(runId, link, policy, mp.symbol(), mp.quantity(), mp.updatedAt(), e.followerInstrument(), e.quantity(), snap,
                    held, active, actor, results, orders);
        }
        // a follower position in a symbol the link ordered while the master is flat there: expected zero
        for (String fs : owned) {
            PositionStore.Position p = held.get(fs);
            // the master's closing fill may be under another symbol (a mapped root): its newest change counts
            Instant masterChanged = snap.master().stream().map(PositionStore.Position::updatedAt).max(Instant::compareTo)
                    .orElse(null);
            compare(runId, link, policy, null, BigDecimal.ZERO, masterChanged,
                    Instrument.parse(fs, AssetClass.valueOf(p.assetClass())), BigDecimal.ZERO, snap, held, active, actor, results,
                    orders);
        }
        if (results.size() == before) {
            // nothing open on either side: one row, so every link compared is visible in the run
            results.add(new ReconciliationStore.Result(link.id(), link.followerAccount(), null, null, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, "matched", "master and follower flat in every "
                    + "instrument of this link", "none", null));
        }
    }

    private void compare(long runId, AccountStore.LinkRow link, ReconcileRules policy, String masterSymbol,
                         BigDecimal masterQty, Instant masterChanged, Instrument fi, BigDecimal expected, ReconciliationStore.Snapshot snap,
                         Map<String, PositionStore.Position> held, List<AccountStore.LinkRow> active, String actor,
                         List<ReconciliationStore.Result> results, List<CopyOrder> orders) {
        String fs = fi.symbol();
        List<String> sharing = active.stream().filter(l -> !l.id().equals(link.id())
                && l.followerAccount().equals(link.followerAccount())).map(AccountStore.LinkRow::id).toList();
        PositionStore.Position p = held.get(fs);
        BigDecimal actual = p == null ? BigDecimal.ZERO : p.quantity();
        BigDecimal inFlight = snap.inFlight().getOrDefault(fs, BigDecimal.ZERO);
        int working = snap.working().getOrDefault(fs, 0);
        if (!sharing.isEmpty() && (actual.signum() != 0 || expected.signum() != 0) && othersOrdered(sharing, fs)) {
            results.add(new ReconciliationStore.Result(link.id(), link.followerAccount(), masterSymbol, fs, masterQty, expected,
                    actual, inFlight, working, "error", "follower " + link.followerAccount() + " trades " + fs + " through links "
                    + sharing + " too: its position cannot be attributed to one link", "none", null));
            return;
        }
        PositionDrift.Verdict v = PositionDrift.classify(expected, actual, inFlight, snap.duplicates().getOrDefault(fs, 0),
                policy.effectiveTolerance());
        String kind = v.kind().name().toLowerCase();
        String action = "none";
        String signalId = null;
        String detail = v.detail();
        if (v.kind() != PositionDrift.Kind.MATCHED && (policy.halts() || policy.corrects())) {
            Instant changed = latest(masterChanged, p == null ? null : p.updatedAt());
            if (!risk.engaged(link.id(), link.followerAccount(), link.tenant()).isEmpty()) {
                detail += "; no action: a kill switch is engaged over this link";
            } else if (changed != null && changed.plus(policy.settle()).isAfter(clock.instant())) {
                detail += "; no action yet: a position changed " + java.time.Duration.between(changed, clock.instant()).toSeconds()
                        + " s ago, within settleSeconds " + policy.settle().toSeconds();
            } else if (working > 0) {
                // a working copy (a limit entry) may still fill: trading around it could double the position
                detail += "; no action while " + working + " limit/stop copy order(s) of this link work at the broker";
            } else if (policy.halts()) {
                try {
                    KillSwitches.Engaged k = killSwitches.engage("link", link.id(), "reconciliation run " + runId + ": " + kind
                            + " " + fs + " (" + v.detail() + ")", true, actor);
                    orders.addAll(k.orders());
                    action = "halted";
                    signalId = k.killSwitch().signalId();
                } catch (io.copygate.store.KillSwitchStore.AlreadyEngagedException e) {
                    // another run (or an operator) engaged it a moment ago
                    detail += "; no action: a kill switch is engaged over this link";
                }
            } else if (v.correction().signum() != 0) {
                Correction c = correct(runId, link, fi, expected, v, p);
                orders.addAll(c.orders());
                action = c.fresh() ? "corrected" : "already-corrected";
                signalId = c.signalId();
                if (c.fresh()) {
                    audit.record(actor, "reconciliation.correct", "link:" + link.id(), "run " + runId + ": " + fs + " "
                            + v.correction().toPlainString() + " on " + link.followerAccount() + " (" + v.detail() + ")");
                }
            }
        }
        results.add(new ReconciliationStore.Result(link.id(), link.followerAccount(), masterSymbol, fs, masterQty, expected,
                actual, inFlight, working, kind, detail, action, signalId));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private boolean othersOrdered(List<String> links, String symbol) {
        return links.stream().anyMatch(l -> store.linkOrdered(l, symbol));
    }

    private record Correction(boolean fresh, String signalId, List<CopyOrder> orders) {
    }

    /**
     * Journals one corrective market order. Its signal's source event id is derived from the link, the instrument
     * and the exact state corrected (expected, follower position and its last change), so a repeat of this run, or
     * a run after a restart that sees the same state, is a duplicate in the journal and places nothing.
     */
    private Correction correct(long runId, AccountStore.LinkRow link, Instrument fi, BigDecimal expected,
                               PositionDrift.Verdict v, PositionStore.Position held) {
        String eventId = SOURCE + ":" + link.id() + ":" + fi.symbol() + ":" + expected.toPlainString() + ":"
                + v.effective().toPlainString() + ":" + (held == null ? "none" : held.updatedAt().toString());
        String signalId = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8)).toString();
        Instant now = clock.instant();
        BigDecimal price = risk.latestPrice(fi.symbol());
        Side side = v.correction().signum() > 0 ? Side.BUY : Side.SELL;
        BigDecimal qty = v.correction().abs();
        Signal signal = Signal.builder().id(signalId).tenant(link.tenant()).source(SOURCE).sourceEventId(eventId)
                .masterAccount(link.masterAccount()).kind(SignalKind.ORDER_NEW).instrument(fi).side(side).quantity(qty)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.DAY).price(price).receivedTime(now)
                .raw("{\"reconciliation\":" + runId + ",\"link\":\"" + link.id() + "\",\"symbol\":\"" + fi.symbol()
                        + "\",\"expected\":\"" + expected.toPlainString() + "\",\"held\":\"" + v.effective().toPlainString() + "\"}")
                .build();
        CopyOrder order = new CopyOrder(CopyOrderId.of(signalId, link.followerAccount(), "reconcile"), signalId, link.id(),
                link.tenant(), link.followerAccount(), link.followerBroker(), OrderIntent.PLACE, null, fi, side, qty,
                OrderType.MARKET, null, null, TimeInForce.DAY, null, price, CopyOrderState.PLANNED, 0, now, null);
        SignalJournal.Entry entry = journal.record(signal, List.of(order), List.of());
        return entry.duplicate() ? new Correction(false, entry.originalSignalId(), List.of())
                : new Correction(true, signalId, entry.orders());
    }

    private static ReconciliationStore.Result error(AccountStore.LinkRow link, String masterSymbol, String symbol, String why) {
        return new ReconciliationStore.Result(link.id(), link.followerAccount(), masterSymbol, symbol, null, null, null, null, 0,
                "error", why, "none", null);
    }
}
