package io.copygate.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import io.copygate.security.CredentialVault;
import io.copygate.store.AccountStore;
import java.util.Map;

/** An account as its adapter needs it: settings parsed, credentials decrypted (never cached in plain). */
public final class BrokerAccounts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AccountStore accounts;
    private final CredentialVault vault;

    public BrokerAccounts(AccountStore accounts, CredentialVault vault) {
        this.accounts = accounts;
        this.vault = vault;
    }

    public BrokerAccount of(String accountId) {
        AccountStore.AccountRow row = accounts.account(accountId);
        if (row == null) {
            throw new AccountFailedException("no account " + accountId);
        }
        Map<String, String> settings;
        try {
            settings = JSON.readValue(row.settingsJson() == null ? "{}" : row.settingsJson(),
                    new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            throw new AccountFailedException("settings of account " + accountId + " are not a JSON object of strings");
        }
        Map<String, String> credentials = new java.util.HashMap<>(vault.decrypt(row.id(), row.credentialsEnc()));
        credentials.remove(CredentialVault.CONFIG_DIGEST);
        return new BrokerAccount(row.id(), row.tenant(), row.broker(), row.brokerAccount(), settings,
                Map.copyOf(credentials));
    }
}
