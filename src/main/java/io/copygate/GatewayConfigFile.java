package io.copygate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.copygate.copy.CopyRules;
import io.copygate.copy.InvalidCopyRulesException;
import io.copygate.copy.RiskLimits;
import io.copygate.security.CredentialVault;
import io.copygate.store.AccountStore;
import io.copygate.store.AuditLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code config/gateway.yaml}: tenants, accounts (with webhook tokens and signing keys), copy links and
 * paper quotes, loaded into the database at start (created or updated; nothing is deleted). Secrets
 * never stand in the file in plain text: a credential or signing secret must be an environment
 * reference {@code ${env:NAME}}, and webhook tokens are given as their SHA-256
 * ({@code java -jar copygate.jar hash-token TOKEN}). A plain secret stops the start with an error.
 */
final class GatewayConfigFile {
    private static final Pattern ENV = Pattern.compile("^\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final Path file;
    private final Function<String, String> env;

    private GatewayConfigFile(JsonNode root, Path file, Function<String, String> env) {
        this.root = root;
        this.file = file;
        this.env = env;
    }

    static GatewayConfigFile read(Path file, Function<String, String> env) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file, StandardCharsets.UTF_8));
            return new GatewayConfigFile(root == null ? JSON.createObjectNode() : root, file, env);
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /**
     * Writes tenants, accounts, tokens, signing keys and links to the store. The whole file is checked
     * (secrets resolved, rules parsed, hashes and allowlists validated) before the first write, so a
     * file with a mistake changes nothing.
     */
    void load(AccountStore store, CredentialVault vault, AuditLog audit) {
        load(store, vault, audit, null);
    }

    /** As {@link #load(AccountStore, CredentialVault, AuditLog)}, also writing each account's {@code risk} limits. */
    void load(AccountStore store, CredentialVault vault, AuditLog audit, io.copygate.store.RiskStore riskStore) {
        List<Consumer<AccountStore>> writes = new ArrayList<>();
        Map<String, String> accountRisks = new LinkedHashMap<>();
        Map<String, RiskLimits> profiles = riskProfiles();
        Map<String, String> tenantRisks = new LinkedHashMap<>();
        for (JsonNode t : root.path("tenants")) {
            String id = required(t, "id", "tenants");
            String name = t.path("name").asText(id);
            writes.add(s -> s.upsertTenant(id, name));
            tenantRisks.put(id, accountRisk(t.path("risk"), "tenants[" + id + "]"));
        }
        int i = 0;
        for (JsonNode a : root.path("accounts")) {
            String where = "accounts[" + i++ + "]";
            String id = required(a, "id", where);
            String tenant = required(a, "tenant", where);
            String broker = required(a, "broker", where);
            String brokerAccount = a.path("brokerAccount").asText(id);
            String settings = settingsJson(a.path("settings"), where);
            Map<String, String> credentials = secrets(a.path("credentials"), where + ".credentials");
            writes.add(s -> s.upsertAccount(id, tenant, broker, brokerAccount, settings,
                    credentialsToStore(s, vault, id, credentials)));
            String risk = accountRisk(a.path("risk"), where);
            accountRisks.put(id, risk);
            int k = 0;
            for (JsonNode token : a.path("webhookTokens")) {
                String sha = required(token, "sha256", where + ".webhookTokens[" + k++ + "]").toLowerCase();
                if (!sha.matches("[0-9a-f]{64}")) {
                    throw new ConfigException(file + ": " + where + ".webhookTokens: sha256 must be 64 hex digits "
                            + "(java -jar copygate.jar hash-token TOKEN)");
                }
                String allow = token.hasNonNull("ipAllowlist") ? token.get("ipAllowlist").asText() : null;
                if (allow != null) {
                    try {
                        new io.copygate.security.IpAllowlist(allow);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(file + ": " + where + ".webhookTokens.ipAllowlist: " + e.getMessage());
                    }
                }
                writes.add(s -> s.upsertToken(sha, id, allow));
            }
            int n = 0;
            for (JsonNode key : a.path("signalKeys")) {
                String at = where + ".signalKeys[" + n++ + "]";
                String keyId = required(key, "id", at);
                String secret = secret(key.get("secret"), at + ".secret");
                writes.add(s -> s.upsertSignalKey(keyId, id, vault.encrypt("signal-key:" + keyId, Map.of("secret", secret))));
            }
        }
        i = 0;
        for (JsonNode l : root.path("links")) {
            String where = "links[" + i++ + "]";
            String rules;
            try {
                CopyRules parsed = CopyRules.fromJson(l.has("rules") ? l.get("rules").toString() : "{}");
                knownProfile(parsed.risk(), profiles, where + ".rules.risk");
                rules = parsed.toJson();
            } catch (InvalidCopyRulesException e) {
                throw new ConfigException(file + ": " + where + ".rules: " + e.getMessage());
            }
            String status = l.path("status").asText("active");
            if (!status.equals("active") && !status.equals("paused")) {
                throw new ConfigException(file + ": " + where + ".status must be active or paused, was " + status);
            }
            String id = required(l, "id", where);
            String tenant = required(l, "tenant", where);
            String master = required(l, "master", where);
            String follower = required(l, "follower", where);
            writes.add(s -> s.upsertLink(id, tenant, master, follower, status, rules));
        }
        paperQuotes();
        accountRisks.forEach((account, risk) -> {
            if (risk != null) {
                knownProfile(CopyRules.fromJson("{\"risk\":" + risk + "}").risk(), profiles, "accounts[" + account + "].risk");
            }
        });
        tenantRisks.forEach((tenant, risk) -> {
            if (risk != null) {
                knownProfile(CopyRules.fromJson("{\"risk\":" + risk + "}").risk(), profiles, "tenants[" + tenant + "].risk");
            }
        });
        writes.forEach(w -> w.accept(store));
        if (riskStore != null) {
            accountRisks.forEach(riskStore::setAccountRisk);
            tenantRisks.forEach(riskStore::setTenantRisk);
        }
        audit.record("config", "config.load", file.toString(), writes.size() + " entries");
    }

    /** Named prop-firm profiles ({@code riskProfiles}): presets of risk limits a link or account names. */
    Map<String, RiskLimits> riskProfiles() {
        Map<String, RiskLimits> profiles = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("riskProfiles").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                RiskLimits limits = CopyRules.fromJson("{\"risk\":" + e.getValue().toString() + "}").risk();
                if (limits.profile() != null) {
                    throw new InvalidCopyRulesException("profile", "a profile cannot name another profile");
                }
                profiles.put(e.getKey(), limits);
            } catch (InvalidCopyRulesException bad) {
                throw new ConfigException(file + ": riskProfiles." + e.getKey() + ": " + bad.getMessage());
            }
        }
        return profiles;
    }

    private String accountRisk(JsonNode risk, String where) {
        if (risk.isMissingNode() || risk.isNull()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(CopyRules.fromJson("{\"risk\":" + risk + "}").risk());
        } catch (InvalidCopyRulesException e) {
            throw new ConfigException(file + ": " + where + ".risk: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void knownProfile(RiskLimits limits, Map<String, RiskLimits> profiles, String where) {
        if (limits != null && limits.profile() != null && !profiles.containsKey(limits.profile())) {
            throw new ConfigException(file + ": " + where + ".profile: unknown risk profile '" + limits.profile()
                    + "' (riskProfiles: " + profiles.keySet() + ")");
        }
    }

    /**
     * The encrypted credentials to write for an account, or null to keep the stored ones: they are kept
     * while the file gives the same credentials as at the last load, so a credential the broker rotated
     * since (and the gateway stored) is not put back to the retired value by a restart.
     */
    private static String credentialsToStore(AccountStore store, CredentialVault vault, String id,
            Map<String, String> credentials) {
        if (credentials.isEmpty()) {
            return null;
        }
        String digest = CredentialVault.configDigest(credentials);
        AccountStore.AccountRow stored = store.account(id);
        if (stored != null && stored.credentialsEnc() != null) {
            try {
                if (digest.equals(vault.decrypt(id, stored.credentialsEnc()).get(CredentialVault.CONFIG_DIGEST))) {
                    return null;
                }
            } catch (RuntimeException unreadable) {
                // another master key or format: the file's credentials replace them
            }
        }
        Map<String, String> withDigest = new LinkedHashMap<>(credentials);
        withDigest.put(CredentialVault.CONFIG_DIGEST, digest);
        return vault.encrypt(id, withDigest);
    }

    /** Starting quotes of the paper market, by canonical symbol. */
    Map<String, BigDecimal> paperQuotes() {
        Map<String, BigDecimal> quotes = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("paper").path("quotes").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                quotes.put(e.getKey(), new BigDecimal(e.getValue().asText()));
            } catch (NumberFormatException bad) {
                throw new ConfigException(file + ": paper.quotes." + e.getKey() + " must be a number");
            }
        }
        return quotes;
    }

    private Map<String, String> secrets(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), secret(e.getValue(), where + "." + e.getKey()));
        }
        return out;
    }

    private String secret(JsonNode value, String where) {
        String text = value == null || value.isNull() ? "" : value.asText();
        Matcher m = ENV.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(file + ": " + where + " must be an environment reference like ${env:MY_SECRET}; "
                    + "secrets are never written in config files");
        }
        String v = env.apply(m.group(1));
        if (v == null || v.isEmpty()) {
            throw new ConfigException(file + ": " + where + " refers to environment variable " + m.group(1) + ", which is not set");
        }
        return v;
    }

    private String settingsJson(JsonNode settings, String where) {
        if (settings.isMissingNode() || settings.isNull()) {
            return "{}";
        }
        if (!settings.isObject()) {
            throw new ConfigException(file + ": " + where + ".settings must be a map");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        settings.fields().forEachRemaining(e -> flat.put(e.getKey(), e.getValue().asText()));
        try {
            return JSON.writeValueAsString(flat);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new ConfigException(file + ": " + where + "." + field + " is required");
        }
        return v.asText();
    }

    /** The configuration cannot be used; the message says where and why. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }
}
