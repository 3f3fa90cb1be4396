package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.AccountFailedException;
import io.copygate.broker.BrokerAccount;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NinjaTraderConfigTest {
    private static final String TOKEN = "a-token-of-24-characters";

    private static BrokerAccount account(Map<String, String> settings, Map<String, String> credentials) {
        return new BrokerAccount("nt1", "t1", "ninjatrader", "Sim101", settings, credentials);
    }

    @Test
    void listenIsTheDefaultAndNeedsTheAddOnsUrl() {
        NinjaTraderConfig c = NinjaTraderConfig.of(account(Map.of("baseUrl", "http://127.0.0.1:8181/"), Map.of("token", TOKEN)));
        assertEquals(NinjaTraderConfig.Mode.LISTEN, c.mode());
        assertEquals("http://127.0.0.1:8181", c.baseUrl().toString(), "the trailing slash of a ListenPrefix is dropped");
        assertEquals("Sim101", c.ntAccount(), "the NinjaTrader name defaults to brokerAccount");
        AccountFailedException missing = assertThrows(AccountFailedException.class,
                () -> NinjaTraderConfig.of(account(Map.of(), Map.of("token", TOKEN))));
        assertTrue(missing.getMessage().contains("baseUrl"), missing.getMessage());
        assertThrows(AccountFailedException.class,
                () -> NinjaTraderConfig.of(account(Map.of("baseUrl", "ftp://x"), Map.of("token", TOKEN))));
    }

    @Test
    void dialOutNeedsNoUrlAndTheNameCanDifferFromBrokerAccount() {
        NinjaTraderConfig c = NinjaTraderConfig.of(account(Map.of("mode", "DialOut", "ntAccount", "Apex-123"), Map.of("token", TOKEN)));
        assertEquals(NinjaTraderConfig.Mode.DIALOUT, c.mode());
        assertNull(c.baseUrl());
        assertEquals("Apex-123", c.ntAccount());
        AccountFailedException bad = assertThrows(AccountFailedException.class,
                () -> NinjaTraderConfig.of(account(Map.of("mode", "push"), Map.of("token", TOKEN))));
        assertTrue(bad.getMessage().contains("mode"), bad.getMessage());
    }

    @Test
    void theTokenIsRequiredLongEnoughAndNeverPrinted() {
        assertTrue(assertThrows(AccountFailedException.class, () -> NinjaTraderConfig.of(account(Map.of("mode", "dialout"), Map.of())))
                .getMessage().contains("token"));
        AccountFailedException shortToken = assertThrows(AccountFailedException.class,
                () -> NinjaTraderConfig.of(account(Map.of("mode", "dialout"), Map.of("token", "short-secret"))));
        assertFalse(shortToken.getMessage().contains("short-secret"));
        NinjaTraderConfig c = NinjaTraderConfig.of(account(Map.of("mode", "dialout"), Map.of("token", TOKEN)));
        assertFalse(c.toString().contains(TOKEN), c.toString());
    }
}
