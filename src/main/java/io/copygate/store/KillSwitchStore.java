package io.copygate.store;

import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Kill switches: engaged (copying stopped for a link, account or tenant) until released. */
public final class KillSwitchStore {
    private final Database db;
    private final Clock clock;

    public record KillSwitch(long id, String scope, String subject, String reason, boolean flatten, String signalId,
                             Instant engagedAt, String engagedBy, Instant releasedAt, String releasedBy) {
        public boolean engaged() {
            return releasedAt == null;
        }

        /** The sentence a blocked order's skip carries. */
        public String describe() {
            return "kill switch " + id + " on " + scope + " " + subject + " engaged by " + engagedBy + " at " + engagedAt
                    + ": " + reason;
        }
    }

    public KillSwitchStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Engages a kill switch and journals, in the same transaction, the signal holding its cancel and
     * flatten orders (built by {@code orders} from the new switch's id). Fails when the same scope and
     * subject already has an engaged switch.
     */
    public KillSwitch engage(String scope, String subject, String reason, boolean flatten, String actor,
                             List<String> accounts, java.util.function.LongFunction<SignalJournal.Planned> orders,
                             SignalJournal journal) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            // one engage at a time per subject, and per follower account: two switches over one account
            // (its own and its tenant's) engaged together must not both flatten it
            Sql.one(c, "SELECT id FROM " + table(scope) + " WHERE id = ? FOR UPDATE", rs -> rs.getString(1), subject);
            for (String account : accounts.stream().sorted().toList()) {
                Sql.one(c, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", rs -> rs.getString(1), account);
            }
            KillSwitch already = Sql.one(c, "SELECT * FROM kill_switches WHERE scope = ? AND subject = ? AND released_at IS NULL",
                    KillSwitchStore::map, scope, subject);
            if (already != null) {
                throw new AlreadyEngagedException(already);
            }
            Sql.update(c, "INSERT INTO kill_switches (scope, subject, reason, flatten, engaged_at, engaged_by) "
                    + "VALUES (?,?,?,?,?,?)", scope, subject, reason, flatten, now, actor);
            // the only engaged one for this subject: checked above under the subject's row lock
            long id = Sql.one(c, "SELECT id FROM kill_switches WHERE scope = ? AND subject = ? AND released_at IS NULL",
                    rs -> rs.getLong(1), scope, subject);
            SignalJournal.Planned planned = orders.apply(id);
            journal.record(c, planned.signal(), planned.orders(), List.of());
            Sql.update(c, "UPDATE kill_switches SET signal_id = ? WHERE id = ?", planned.signal().id(), id);
            return Sql.one(c, "SELECT * FROM kill_switches WHERE id = ?", KillSwitchStore::map, id);
        });
    }

    public KillSwitch release(long id, String actor) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Sql.update(c, "UPDATE kill_switches SET released_at = ?, released_by = ? WHERE id = ? AND released_at IS NULL",
                    now, actor, id);
            return Sql.one(c, "SELECT * FROM kill_switches WHERE id = ?", KillSwitchStore::map, id);
        });
    }

    public KillSwitch find(long id) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM kill_switches WHERE id = ?", KillSwitchStore::map, id));
    }

    public List<KillSwitch> list(boolean engagedOnly, int limit) {
        return db.withConnection(c -> Sql.list(c, "SELECT * FROM kill_switches"
                + (engagedOnly ? " WHERE released_at IS NULL" : "") + " ORDER BY id DESC LIMIT " + limit, KillSwitchStore::map));
    }

    /**
     * True when another engaged account or tenant switch already covers the account and did (at least)
     * what this one would: then this one plans nothing for it, so nothing is cancelled or closed twice.
     */
    public boolean coveredByAnother(String account, long exceptId, boolean flatten) {
        return db.withConnection(c -> Sql.one(c, "SELECT count(*) FROM kill_switches k WHERE k.released_at IS NULL "
                + "AND k.id <> ? AND (k.flatten = TRUE OR ? = FALSE) AND ((k.scope = 'account' AND k.subject = ?) OR "
                + "(k.scope = 'tenant' AND k.subject = (SELECT tenant_id FROM accounts WHERE id = ?)))",
                rs -> rs.getInt(1), exceptId, flatten, account, account)) > 0;
    }

    /** Accounts the switch reaches: a link's follower, the account itself, or every follower of the tenant's links. */
    public List<String> accountsOf(String scope, String subject) {
        return db.withConnection(c -> switch (scope) {
            case "link" -> Sql.list(c, "SELECT follower_account_id FROM copy_links WHERE id = ?", rs -> rs.getString(1), subject);
            case "account" -> Sql.list(c, "SELECT id FROM accounts WHERE id = ?", rs -> rs.getString(1), subject);
            default -> Sql.list(c, "SELECT DISTINCT follower_account_id FROM copy_links WHERE tenant_id = ? ORDER BY 1",
                    rs -> rs.getString(1), subject);
        });
    }

    /**
     * Copies the switch must cancel: PLACE orders that reached the broker and may still work there, and
     * filled entries whose bracket may still work while their position is open (a cancel of the entry
     * reaches its remaining legs), so no stop is left to reopen a position after the flatten.
     */
    public List<CopyOrder> workingAtBroker(String account, String linkIdOrNull,
                                           java.util.function.Predicate<String> gatewayKeepsBrackets) {
        String sql = "SELECT " + CopyOrderRows.COLUMNS + ", COALESCE(broker_status, 'working') AS working_status "
                + "FROM copy_orders o WHERE follower_account_id = ? "
                + "AND state IN ('sent', 'acked') AND intent = 'PLACE' AND ((" + RiskStore.WORKING + ") OR "
                + "((stop_loss IS NOT NULL OR take_profit IS NOT NULL) AND broker_status = 'filled' AND EXISTS "
                + "(SELECT 1 FROM positions p WHERE p.account_id = o.follower_account_id AND p.symbol = o.symbol "
                + "AND p.quantity <> 0)))";
        record Row(CopyOrder order, boolean filled) {
        }
        List<Row> rows = db.withConnection(c -> linkIdOrNull == null
                ? Sql.list(c, sql + " ORDER BY planned_at, id", rs -> new Row(CopyOrderRows.map(rs),
                        "filled".equals(rs.getString("working_status"))), account)
                : Sql.list(c, sql + " AND link_id = ? ORDER BY planned_at, id", rs -> new Row(CopyOrderRows.map(rs),
                        "filled".equals(rs.getString("working_status"))), account, linkIdOrNull));
        // a filled entry is cancelled only where its legs hang on it at the broker (native brackets); where
        // the gateway placed the legs as orders of their own, those legs are in the list themselves
        return rows.stream().filter(r -> !(r.filled() && gatewayKeepsBrackets.test(r.order().broker())))
                .map(Row::order).toList();
    }

    /** Symbols a link has ever ordered (a link-scoped flatten closes only those). */
    public List<String> symbolsOfLink(String linkId) {
        return db.withConnection(c -> Sql.list(c, "SELECT DISTINCT symbol FROM copy_orders WHERE link_id = ? ORDER BY 1",
                rs -> rs.getString(1), linkId));
    }

    /**
     * An order a guard stopped at delivery: never sent again, and recorded as a skip of its signal.
     * Returns false when the order had already moved on.
     */
    public boolean blockAtDelivery(String orderId, CopySkip skip) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE copy_orders SET state = 'discarded', last_error = ?, updated_at = ? "
                    + "WHERE id = ? AND state IN ('planned', 'sent')", CopyOrderOutbox.truncate(skip.reasonCode() + ": "
                    + skip.reason()), now, orderId);
            if (n == 1) {
                Sql.update(c, "INSERT INTO copy_skips (signal_id, link_id, follower_account_id, reason_code, reason, created_at) "
                        + "VALUES (?,?,?,?,?,?)", skip.signalId(), skip.linkId(), skip.followerAccount(), skip.reasonCode(),
                        CopyOrderOutbox.truncate(skip.reason()), now);
            }
            return n == 1;
        });
    }

    private static String table(String scope) {
        return switch (scope) {
            case "link" -> "copy_links";
            case "account" -> "accounts";
            case "tenant" -> "tenants";
            default -> throw new IllegalArgumentException("scope " + scope);
        };
    }

    static KillSwitch map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new KillSwitch(rs.getLong("id"), rs.getString("scope"), rs.getString("subject"), rs.getString("reason"),
                rs.getBoolean("flatten"), rs.getString("signal_id"), Sql.instant(rs, "engaged_at"), rs.getString("engaged_by"),
                Sql.instant(rs, "released_at"), rs.getString("released_by"));
    }

    /** The subject already has an engaged kill switch. */
    public static final class AlreadyEngagedException extends RuntimeException {
        private final KillSwitch existing;

        AlreadyEngagedException(KillSwitch existing) {
            super(existing.scope() + " " + existing.subject() + " already has kill switch " + existing.id() + " engaged");
            this.existing = existing;
        }

        public KillSwitch existing() {
            return existing;
        }
    }
}
