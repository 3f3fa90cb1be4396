package io.copygate.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Tenants, accounts, webhook tokens and copy links: who trades where, and who copies whom. */
public final class AccountStore {
    private final Database db;
    private final Clock clock;
    /** Read per delivered order; every write below invalidates them. */
    private final RowCache<String, AccountRow> accountRows = new RowCache<>();
    private final RowCache<String, java.util.Optional<String>> linkRules = new RowCache<>();

    public record AccountRow(String id, String tenant, String broker, String brokerAccount, String status,
                             String statusReason, String settingsJson, String credentialsEnc) {
    }

    /** The master account a webhook token belongs to. */
    public record TokenOwner(String accountId, String tenant, String ipAllowlist, boolean active) {
    }

    /** A copy link with what the planner needs of its follower. */
    public record LinkRow(String id, String tenant, String masterAccount, String followerAccount, String followerBroker,
                          String followerStatus, String followerStatusReason, String status, String rulesJson) {
    }

    public AccountStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Updates the row if it exists, else inserts it; one transaction. */
    private void upsert(String update, Object[] updateParams, String insert, Object[] insertParams) {
        db.inTransaction(c -> {
            if (Sql.update(c, update, updateParams) == 0) {
                Sql.update(c, insert, insertParams);
            }
            return null;
        });
        changed();
    }

    private void write(String sql, Object... params) {
        db.withConnection(c -> Sql.update(c, sql, params));
        changed();
    }

    /** After every write: the cached rows may be stale. */
    private void changed() {
        accountRows.invalidate();
        linkRules.invalidate();

    }

    private static Object[] params(Object... values) {
        return values;
    }

    public void upsertTenant(String id, String name) {
        upsert("UPDATE tenants SET name = ? WHERE id = ?", params(name, id),
                "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)", params(id, name, clock.instant()));
    }

    /** Creates or updates an account; a null {@code credentialsEnc} keeps the stored credentials. */
    public void upsertAccount(String id, String tenant, String broker, String brokerAccount, String settingsJson,
                              String credentialsEnc) {
        Instant now = clock.instant();
        upsert("UPDATE accounts SET tenant_id = ?, broker = ?, broker_account = ?, settings = ?, "
                        + "credentials_enc = COALESCE(?, credentials_enc), updated_at = ? WHERE id = ?",
                params(tenant, broker, brokerAccount, settingsJson, credentialsEnc, now, id),
                "INSERT INTO accounts (id, tenant_id, broker, broker_account, settings, credentials_enc, created_at, "
                        + "updated_at) VALUES (?,?,?,?,?,?,?,?)",
                params(id, tenant, broker, brokerAccount, settingsJson, credentialsEnc, now, now));
    }

    public void upsertToken(String tokenSha256, String accountId, String ipAllowlist) {
        upsert("UPDATE webhook_tokens SET account_id = ?, ip_allowlist = ?, active = TRUE WHERE token_sha256 = ?",
                params(accountId, ipAllowlist, tokenSha256),
                "INSERT INTO webhook_tokens (token_sha256, account_id, ip_allowlist, created_at) VALUES (?,?,?,?)",
                params(tokenSha256, accountId, ipAllowlist, clock.instant()));
    }

    public void upsertLink(String id, String tenant, String master, String follower, String status, String rulesJson) {
        Instant now = clock.instant();
        upsert("UPDATE copy_links SET tenant_id = ?, master_account_id = ?, follower_account_id = ?, status = ?, rules = ?, "
                        + "updated_at = ? WHERE id = ?", params(tenant, master, follower, status, rulesJson, now, id),
                "INSERT INTO copy_links (id, tenant_id, master_account_id, follower_account_id, status, rules, created_at, "
                        + "updated_at) VALUES (?,?,?,?,?,?,?,?)", params(id, tenant, master, follower, status, rulesJson, now, now));
    }

    public void upsertSignalKey(String keyId, String accountId, String secretEnc) {
        upsert("UPDATE signal_keys SET account_id = ?, secret_enc = ?, active = TRUE WHERE key_id = ?",
                params(accountId, secretEnc, keyId),
                "INSERT INTO signal_keys (key_id, account_id, secret_enc, created_at) VALUES (?,?,?,?)",
                params(keyId, accountId, secretEnc, clock.instant()));
    }

    /** A signing key: its account, tenant, whether active, and the encrypted secret. */
    public record SignalKeyRow(String keyId, String account, String tenant, boolean active, String secretEnc) {
    }

    public SignalKeyRow signalKey(String keyId) {
        return db.withConnection(c -> Sql.one(c, "SELECT k.key_id, k.account_id, a.tenant_id, k.active, k.secret_enc "
                        + "FROM signal_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_id = ?",
                rs -> new SignalKeyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)),
                keyId));
    }

    /** Replaces a link's rules JSON; false when there is no such link. */
    public boolean setLinkRules(String linkId, String rulesJson) {
        int n = db.withConnection(c -> Sql.update(c, "UPDATE copy_links SET rules = ?, updated_at = ? WHERE id = ?",
                rulesJson, clock.instant(), linkId));
        changed(); // the delivery-time rules cache must see the new rules at once
        return n == 1;
    }

    public void setLinkStatus(String linkId, String status) {
        write("UPDATE copy_links SET status = ?, updated_at = ? WHERE id = ?", status, clock.instant(), linkId);
    }

    /** Read fresh for every webhook: a token deactivated in the database stops working at once. */
    public TokenOwner tokenOwner(String tokenSha256) {
        return db.withConnection(c -> Sql.one(c, "SELECT t.account_id, a.tenant_id, t.ip_allowlist, t.active "
                        + "FROM webhook_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_sha256 = ?",
                rs -> new TokenOwner(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), tokenSha256));
    }

    /** Read fresh for every signal: a link paused or a follower failed is seen by the next signal's plan. */
    public List<LinkRow> linksOfMaster(String masterAccountId) {
        return db.withConnection(c -> Sql.list(c, "SELECT l.id, l.tenant_id, l.master_account_id, l.follower_account_id, "
                        + "f.broker, f.status, f.status_reason, l.status, l.rules FROM copy_links l "
                        + "JOIN accounts f ON f.id = l.follower_account_id WHERE l.master_account_id = ? ORDER BY l.id",
                AccountStore::link, masterAccountId));
    }

    public List<LinkRow> links() {
        return db.withConnection(c -> Sql.list(c, "SELECT l.id, l.tenant_id, l.master_account_id, l.follower_account_id, "
                + "f.broker, f.status, f.status_reason, l.status, l.rules FROM copy_links l "
                + "JOIN accounts f ON f.id = l.follower_account_id ORDER BY l.id", AccountStore::link));
    }

    /** The account's row, from memory between writes (it is read for every order delivered). */
    public AccountRow account(String id) {
        return accountRows.get(id, this::readAccount);
    }

    /** A copy link's rules JSON, or null when there is no such link; from memory between writes. */
    public String linkRulesJson(String linkId) {
        return linkRules.get(linkId, id -> java.util.Optional.ofNullable(db.withConnection(c -> Sql.one(c,
                "SELECT rules FROM copy_links WHERE id = ?", rs -> rs.getString(1), id)))).orElse(null);
    }

    private AccountRow readAccount(String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT id, tenant_id, broker, broker_account, status, status_reason, "
                + "settings, credentials_enc FROM accounts WHERE id = ?", AccountStore::account, id));
    }

    public List<AccountRow> accounts() {
        return db.withConnection(c -> Sql.list(c, "SELECT id, tenant_id, broker, broker_account, status, status_reason, "
                + "settings, credentials_enc FROM accounts ORDER BY id", AccountStore::account));
    }

    /** Replaces the account's encrypted credentials (a broker rotated one of them). */
    public void updateCredentials(String id, String credentialsEnc) {
        write("UPDATE accounts SET credentials_enc = ?, updated_at = ? WHERE id = ?", credentialsEnc, clock.instant(), id);
    }

    /** The account cannot trade (e.g. its credentials were refused); other accounts go on. */
    public void markFailed(String id, String reason) {
        write("UPDATE accounts SET status = 'failed', status_reason = ?, updated_at = ? WHERE id = ?",
                CopyOrderOutbox.truncate(reason), clock.instant(), id);
    }

    public void setStatus(String id, String status, String reason) {
        write("UPDATE accounts SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?", status, reason,
                clock.instant(), id);
    }

    private static AccountRow account(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new AccountRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static LinkRow link(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LinkRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }
}
