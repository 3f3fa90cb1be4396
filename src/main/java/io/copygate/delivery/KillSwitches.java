package io.copygate.delivery;

import io.copygate.copy.SkipReason;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import io.copygate.store.AccountStore;
import io.copygate.store.AuditLog;
import io.copygate.store.KillSwitchStore;
import io.copygate.store.PositionStore;
import io.copygate.store.RiskStore;
import io.copygate.store.SignalJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The kill switch of a link, a follower account or a tenant. Engaging it stops copying there at once
 * (the planner records {@code KILL_SWITCH} skips and delivery holds back every order planned before
 * it), and plans a cancel of each copy working at the broker and, unless told not to, a market order
 * closing each open position. Those orders are journaled with a signal of source {@code kill-switch}
 * in the same transaction as the switch, then delivered like any copy order: retries, dead letters
 * and the audit trail apply. Releasing it lets copying resume with the next signal.
 */
public final class KillSwitches {
    public static final String SOURCE = "kill-switch";
    private static final String LINK_PREFIX = "kill-switch:";

    private final KillSwitchStore store;
    private final RiskStore risk;
    private final AccountStore accounts;
    private final PositionStore positions;
    private final SignalJournal journal;
    private final AuditLog audit;
    private final Clock clock;
    private final ClosingOrders closing;

    /** An engaged switch with the journaled orders it planned (the route dispatches {@code orders}). */
    public record Engaged(KillSwitchStore.KillSwitch killSwitch, List<CopyOrder> orders) {
    }

    public KillSwitches(KillSwitchStore store, RiskStore risk, AccountStore accounts, PositionStore positions,
                        SignalJournal journal, AuditLog audit, Clock clock) {
        this(store, risk, accounts, positions, journal, audit, clock, broker -> false);
    }

    /**
     * @param gatewayKeepsBrackets brokers where the gateway placed a follower's bracket legs as copy orders
     *                             of their own: there the legs are cancelled, not their filled entry
     */
    public KillSwitches(KillSwitchStore store, RiskStore risk, AccountStore accounts, PositionStore positions,
                        SignalJournal journal, AuditLog audit, Clock clock, java.util.function.Predicate<String> gatewayKeepsBrackets) {
        this.store = store;
        this.risk = risk;
        this.accounts = accounts;
        this.positions = positions;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
        this.closing = new ClosingOrders(store, accounts, positions, risk, gatewayKeepsBrackets);
    }

    /** Engages a switch on an existing subject; {@code scope} is link, account or tenant. */
    public Engaged engage(String scope, String subject, String reason, boolean flatten, String actor) {
        String tenant = tenantOf(scope, subject);
        List<String> followers = store.accountsOf(scope, subject);
        List<CopyOrder> planned = new ArrayList<>();
        KillSwitchStore.KillSwitch engaged = store.engage(scope, subject, reason, flatten, actor, followers, id -> {
            planned.clear();
            Instant now = clock.instant();
            Signal signal = Signal.builder().id(UUID.randomUUID().toString()).tenant(tenant).source(SOURCE)
                    .sourceEventId(SOURCE + "-" + id).masterAccount(subject).kind(SignalKind.FLATTEN)
                    .receivedTime(now).raw("{\"killSwitch\":" + id + ",\"scope\":\"" + scope + "\",\"subject\":\"" + subject
                            + "\",\"flatten\":" + flatten + "}").build();
            for (String account : followers) {
                if (!store.coveredByAnother(account, id, flatten)) {
                    planned.addAll(ordersFor(signal, id, scope, subject, account, flatten, now));
                }
            }
            return new SignalJournal.Planned(signal, planned);
        }, journal);
        audit.record(actor, "kill-switch.engage", scope + ":" + subject, "kill switch " + engaged.id() + " (" + planned.size()
                + " cancel/flatten orders" + (flatten ? "" : ", no flatten") + "): " + reason);
        return new Engaged(engaged, List.copyOf(planned));
    }

    public KillSwitchStore.KillSwitch release(long id, String actor) {
        KillSwitchStore.KillSwitch before = store.find(id);
        if (before == null) {
            throw new IllegalArgumentException("no kill switch " + id);
        }
        KillSwitchStore.KillSwitch after = store.release(id, actor);
        if (before.engaged()) {
            audit.record(actor, "kill-switch.release", before.scope() + ":" + before.subject(), "kill switch " + id + " released");
        }
        return after;
    }

    /**
     * The delivery-time check: an order planned before a switch was engaged over its link, account or
     * tenant is not sent (the switch's own cancel and flatten orders are).
     */
    public Optional<CopySkip> blocks(CopyOrder order) {
        if (isOwnOrder(order)) {
            return Optional.empty();
        }
        List<KillSwitchStore.KillSwitch> engaged = risk.engaged(order.linkId(), order.followerAccount(), order.tenant());
        return engaged.isEmpty() ? Optional.empty() : Optional.of(new CopySkip(order.signalId(), order.linkId(),
                order.followerAccount(), SkipReason.KILL_SWITCH, "copy order " + order.id() + " held back at delivery: "
                + engaged.get(0).describe()));
    }

    /** True while any switch is engaged anywhere. */
    public boolean anyEngaged() {
        return risk.anyEngaged();
    }

    /**
     * True for a kill switch's own cancel and flatten orders and an operator's flatten orders
     * ({@link Flattens}): they only cancel and close, so no switch holds them back.
     */
    public static boolean isOwnOrder(CopyOrder order) {
        return order.linkId().startsWith(LINK_PREFIX) || order.linkId().startsWith(Flattens.LINK_PREFIX);
    }

    private List<CopyOrder> ordersFor(Signal signal, long id, String scope, String subject, String account, boolean flatten,
                                      Instant now) {
        boolean link = scope.equals("link");
        List<String> onlySymbols = link ? store.symbolsOfLink(subject) : null;
        return closing.of(signal, LINK_PREFIX + id, account, link ? subject : null,
                symbol -> onlySymbols == null || onlySymbols.contains(symbol), flatten, now);
    }

    private String tenantOf(String scope, String subject) {
        switch (scope) {
            case "link" -> {
                return accounts.links().stream().filter(l -> l.id().equals(subject)).map(AccountStore.LinkRow::tenant)
                        .findFirst().orElseThrow(() -> new NoSuchSubjectException("id", "no copy link " + subject));
            }
            case "account" -> {
                AccountStore.AccountRow a = accounts.account(subject);
                if (a == null) {
                    throw new NoSuchSubjectException("id", "no account " + subject);
                }
                return a.tenant();
            }
            case "tenant" -> {
                if (accounts.accounts().stream().noneMatch(a -> a.tenant().equals(subject))) {
                    throw new NoSuchSubjectException("id", "no tenant " + subject + " with accounts");
                }
                return subject;
            }
            default -> throw new NoSuchSubjectException("scope", "scope must be link, account or tenant, was " + scope);
        }
    }

    /** The request names a scope or subject that does not exist. */
    public static final class NoSuchSubjectException extends RuntimeException {
        private final String field;

        NoSuchSubjectException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
