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
}
