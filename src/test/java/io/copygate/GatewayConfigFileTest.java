package io.copygate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigFileTest {
    @Test
    void aPlainTextSecretInTheConfigStopsTheStartAndSaysWhere() throws Exception {
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, """
                tenants: [{id: t}]
                accounts:
                  - {id: a1, tenant: t, broker: alpaca, credentials: {secretKey: "abc123"}}
                """);
        GatewayConfigFile config = GatewayConfigFile.read(file, name -> Map.<String, String>of().get(name));
        GatewayConfigFile.ConfigException e = assertThrows(GatewayConfigFile.ConfigException.class,
                () -> config.load(null, null, null));
        assertTrue(e.getMessage().contains("accounts[0].credentials.secretKey"), e.getMessage());
        assertTrue(!e.getMessage().contains("abc123"), "the error must not repeat the secret");
    }

    private static GatewayConfigFile.ConfigException refused(String yaml) throws Exception {
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, yaml);
        GatewayConfigFile config = GatewayConfigFile.read(file, name -> null);
        return assertThrows(GatewayConfigFile.ConfigException.class, () -> config.load(null, null, null));
    }

    @Test
    void riskGuardMistakesStopTheStartNamingWhere() throws Exception {
        String accounts = """
                tenants: [{id: t}]
                accounts:
                  - {id: m, tenant: t, broker: webhook}
                  - {id: f, tenant: t, broker: paper%s}
                """;
        String unknownProfile = refused(accounts.formatted("") + "links: [{id: l, tenant: t, master: m, follower: f, "
                + "rules: {risk: {profile: nope}}}]").getMessage();
        assertTrue(unknownProfile.contains("links[0].rules.risk.profile") && unknownProfile.contains("nope"), unknownProfile);
        String badAccount = refused(accounts.formatted(", risk: {dailyLossLimit: 0}")).getMessage();
        assertTrue(badAccount.contains("accounts[1].risk") && badAccount.contains("dailyLossLimit"), badAccount);
        String badProfile = refused("riskProfiles: {p: {tradingHours: [\"all day\"]}}\n" + accounts.formatted(""))
                .getMessage();
        assertTrue(badProfile.contains("riskProfiles.p") && badProfile.contains("tradingHours"), badProfile);
    }
}
