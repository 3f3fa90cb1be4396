package io.copygate.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts account credentials at rest with AES-256-GCM under the gateway's master key. Ciphertext is
 * {@code v1:<base64(12-byte nonce | ciphertext | tag)>}; the account id is bound in as associated data,
 * so a ciphertext copied onto another account does not decrypt.
 */
public final class CredentialVault {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialVault.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Stored beside an account's credentials: the SHA-256 of the credentials gateway.yaml gave it. The
     * file is loaded at every start; while its credentials are the same as last time, what is stored
     * wins, so a credential the broker rotated at run time (TradeStation refresh tokens) survives a
     * restart. Not a credential: {@code BrokerAccounts} leaves it out.
     */
    public static final String CONFIG_DIGEST = "copygate.configDigest";

    private final SecretKeySpec key;

    public CredentialVault(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256), was " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey, "AES");
    }

    /**
     * The master key from {@code base64Key} (env COPYGATE_MASTER_KEY) when given; otherwise from
     * {@code keyFile}, created with owner-only permissions on first run (fine for the demo, not for
     * production: docs/security.md).
     */
    public static CredentialVault open(String base64Key, Path keyFile) {
        if (base64Key != null && !base64Key.isBlank()) {
            try {
                return new CredentialVault(Base64.getDecoder().decode(base64Key.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("COPYGATE_MASTER_KEY must be 32 random bytes in base64: " + e.getMessage());
            }
        }
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the file stays with the user's default ACL
                }
                LOG.warn("created a new master key in {}; set COPYGATE_MASTER_KEY in production (docs/security.md)", keyFile);
            }
            return new CredentialVault(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read or create the master key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The {@link #CONFIG_DIGEST} of credentials as a config file gives them (order does not matter). */
    public static String configDigest(Map<String, String> credentials) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(new java.util.TreeMap<>(credentials));
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot digest credentials", e);
        }
    }

    public String encrypt(String accountId, Map<String, String> credentials) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(credentials));
            return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot encrypt credentials", e);
        }
    }

    public Map<String, String> decrypt(String accountId, String ciphertext) {
        if (ciphertext == null || ciphertext.isBlank()) {
            return Map.of();
        }
        if (!ciphertext.startsWith("v1:")) {
            throw new IllegalArgumentException("credentials of account " + accountId + " are not in the v1 format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(ciphertext.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, 12, all.length - 12);
            return JSON.readValue(plain, new TypeReference<Map<String, String>>() { });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credentials of account " + accountId
                    + " do not decrypt with this master key (wrong COPYGATE_MASTER_KEY?)");
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("credentials of account " + accountId + " are corrupt");
        }
    }
}
