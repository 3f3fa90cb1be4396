package io.copygate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityPiecesTest {

    @Test
    void vaultRoundTripsAndBindsCiphertextToItsAccount() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        CredentialVault vault = new CredentialVault(key);
        String sealed = vault.encrypt("acct-1", Map.of("secretKey", "s3cr3t-value"));
        assertFalse(sealed.contains("s3cr3t-value"));
        assertEquals(Map.of("secretKey", "s3cr3t-value"), vault.decrypt("acct-1", sealed));
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> vault.decrypt("acct-2", sealed));
        assertFalse(moved.getMessage().contains("s3cr3t"));
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        assertThrows(IllegalStateException.class, () -> new CredentialVault(other).decrypt("acct-1", sealed));
    }

    @Test
    void signatureAcceptsOnlyTheRightSecretWithinTolerance() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
        byte[] secret = "whsec".getBytes(StandardCharsets.UTF_8);
        SignalSignature sig = new SignalSignature(id -> "k1".equals(id) ? new SignalSignature.Key("m", "t", true, secret) : null,
                Duration.ofMinutes(5), clock);
        String body = "{\"id\":\"1\"}";
        String good = HexFormat.of().formatHex(SignalSignature.sign(secret, 1_800_000_000L, body));
        assertEquals("m", sig.verify("k1", "t=1800000000,v1=" + good, body).account());
        assertEquals(401, assertThrows(AuthenticationException.class, () -> sig.verify("k1", "t=1800000000,v1=" + good, body + " ")).status());
        String old = HexFormat.of().formatHex(SignalSignature.sign(secret, 1_800_000_000L - 301, body));
        assertTrue(assertThrows(AuthenticationException.class, () -> sig.verify("k1", "t=" + (1_800_000_000L - 301) + ",v1=" + old, body))
                .getMessage().contains("tolerance"));
        assertThrows(AuthenticationException.class, () -> sig.verify("k2", "t=1800000000,v1=" + good, body));
        assertThrows(AuthenticationException.class, () -> sig.verify("k1", "v1=" + good, body));
    }

    @Test
    void allowlistMatchesIpsAndRangesOnly() {
        IpAllowlist list = new IpAllowlist("52.89.214.238, 10.0.0.0/8, 2001:db8::/32");
        assertTrue(list.allows("52.89.214.238"));
        assertTrue(list.allows("10.200.1.2"));
        assertTrue(list.allows("2001:db8::1"));
        assertFalse(list.allows("52.89.214.239"));
        assertFalse(list.allows("11.0.0.1"));
        assertFalse(list.allows("not-an-ip"));
        assertThrows(IllegalArgumentException.class, () -> new IpAllowlist("tradingview.com"));
        assertEquals("127.0.0.1", WebhookTokens.ip("/127.0.0.1:53422"));
    }
}
