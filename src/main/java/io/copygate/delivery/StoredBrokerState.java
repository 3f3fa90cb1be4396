package io.copygate.delivery;

import io.copygate.broker.BrokerOrderIds;
import io.copygate.broker.CredentialUpdates;
import io.copygate.security.CredentialVault;
import io.copygate.store.AccountStore;
import io.copygate.store.CopyOrderOutbox;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What broker modules keep in the gateway's store: broker order ids (in the outbox) and rotated credentials. */
public final class StoredBrokerState implements BrokerOrderIds, CredentialUpdates {
    private final CopyOrderOutbox outbox;
    private final AccountStore accounts;
    private final CredentialVault vault;

    public StoredBrokerState(CopyOrderOutbox outbox, AccountStore accounts, CredentialVault vault) {
        this.outbox = outbox;
        this.accounts = accounts;
        this.vault = vault;
    }

    @Override
    public void remember(String account, String clientOrderId, String brokerOrderId) {
        outbox.rememberBrokerOrderId(account, clientOrderId, brokerOrderId);
    }

    @Override
    public Optional<String> brokerOrderId(String account, String clientOrderId) {
        return outbox.brokerOrderIdOf(account, clientOrderId);
    }

    @Override
    public Optional<String> clientOrderId(String account, String brokerOrderId) {
        return outbox.clientOrderIdOf(account, brokerOrderId);
    }

    /** Re-encrypts the account's credentials with one value replaced. Serialised: rotations must not interleave. */
    @Override
    public synchronized void update(String accountId, String key, String value) {
        AccountStore.AccountRow row = accounts.account(accountId);
        if (row == null) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        Map<String, String> credentials = new HashMap<>(vault.decrypt(accountId, row.credentialsEnc()));
        credentials.put(key, value);
        accounts.updateCredentials(accountId, vault.encrypt(accountId, credentials));
    }
}
