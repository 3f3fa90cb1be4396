package io.copygate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.security.CredentialVault;
import io.copygate.store.AccountStore;
import io.copygate.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Writes accounts with encrypted credentials, and their links, straight into a test database before
 * the gateway starts, under the master key the gateway will use (the test config folder's key file).
 * For tests with hundreds of broker accounts: gateway.yaml only takes credentials as environment
 * references, which a test JVM cannot set; this writes exactly what the file loader would write.
 */
public final class SeededAccounts implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;
    private final AccountStore store;
    private final CredentialVault vault;

    private SeededAccounts(Database db, CredentialVault vault) {
        this.db = db;
        this.store = new AccountStore(db, Clock.systemUTC());
        this.vault = vault;
    }

    /** Opens the test database and the master key file {@link TestGateway} gives a gateway started on {@code configDir}. */
    public static SeededAccounts open(TestDatabase testDb, Path configDir) {
        Database db = new Database(testDb.url(), testDb.user(), "", 4);
        return new SeededAccounts(db, CredentialVault.open(System.getenv("COPYGATE_MASTER_KEY"), configDir.resolve("master.key")));
    }

    public SeededAccounts tenant(String id) {
        store.upsertTenant(id, id);
        return this;
    }

    public SeededAccounts account(String id, String tenant, String broker, Map<String, String> settings, Map<String, String> credentials) {
        try {
            store.upsertAccount(id, tenant, broker, id, JSON.writeValueAsString(settings), vault.encrypt(id, credentials));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public SeededAccounts link(String id, String tenant, String master, String follower, String rulesJson) {
        store.upsertLink(id, tenant, master, follower, "active", rulesJson);
        return this;
    }

    @Override
    public void close() {
        db.close();
    }
}
