package io.copygate.broker.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.BrokerAccount;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binance's own signing examples (rest-api.md "SIGNED endpoint examples", web-socket-api.md), byte for byte. */
class BinanceSignerTest {
    static final String DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    static final String DOC_API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";

    @Test
    void restHmacExampleFromTheDocs() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "LTCBTC");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("timeInForce", "GTC");
        p.put("quantity", "1");
        p.put("price", "0.1");
        p.put("recvWindow", "5000");
        p.put("timestamp", "1499827319559");
        String payload = BinanceClient.encode(p);
        assertEquals("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
                + "&timestamp=1499827319559", payload);
        assertEquals("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
                BinanceSigner.hmac("k", DOC_SECRET).sign(payload));
    }

    @Test
    void restHmacExampleWithNonAsciiSymbolIsPercentEncodedFirst() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "１２３４５６");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("timeInForce", "GTC");
        p.put("quantity", "1");
        p.put("price", "0.1");
        p.put("recvWindow", "5000");
        p.put("timestamp", "1499827319559");
        String payload = BinanceClient.encode(p);
        assertEquals("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT"
                + "&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", payload);
        assertEquals("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3",
                BinanceSigner.hmac("k", DOC_SECRET).sign(payload));
    }

    @Test
    void webSocketApiHmacExampleFromTheDocs() {
        String payload = "apiKey=" + DOC_API_KEY + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL"
                + "&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT";
        assertEquals("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24",
                BinanceSigner.hmac(DOC_API_KEY, DOC_SECRET).sign(payload));
    }

    @Test
    void ed25519SignaturesVerifyWithThePublicKeyAndReadFromPem() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        BrokerAccount account = new BrokerAccount("a1", "t", "binance", "x", Map.of(),
                Map.of("apiKey", "key", "privateKey", pem));
        BinanceSigner signer = BinanceSigner.of(account);
        assertTrue(signer.isEd25519());
        String payload = "apiKey=key&timestamp=1747385641636";
        String signature = signer.sign(payload);
        Signature verify = Signature.getInstance("Ed25519");
        verify.initVerify(pair.getPublic());
        verify.update(payload.getBytes(StandardCharsets.UTF_8));
        assertTrue(verify.verify(Base64.getDecoder().decode(signature)));
        verify.initVerify(pair.getPublic());
        verify.update((payload + "0").getBytes(StandardCharsets.UTF_8));
        assertFalse(verify.verify(Base64.getDecoder().decode(signature)), "a changed payload must not verify");
        assertFalse(signer.toString().contains(pem.substring(40, 60)), "the key never prints");
    }
}
