package io.copygate.broker.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class KrakenSignerTest {

    /** Kraken's own example (docs.kraken.com/api/docs/guides/spot-rest-auth), byte for byte. */
    @Test
    void apiSignExampleFromTheDocs() {
        KrakenSigner signer = new KrakenSigner("key",
                "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==");
        assertEquals("4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==",
                signer.sign("/0/private/AddOrder", 1616492376594L,
                        "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"));
    }

    @Test
    void noncesStrictlyIncreasePerKeyAcrossThreads() throws Exception {
        KrakenSigner a = new KrakenSigner("shared-key", "AAAA");
        KrakenSigner b = new KrakenSigner("shared-key", "AAAA"); // another account object on the same key
        ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            KrakenSigner s = t % 2 == 0 ? a : b;
            Thread th = new Thread(() -> {
                long previous = 0;
                for (int i = 0; i < 2000; i++) {
                    long n = s.nextNonce();
                    seen.add(new long[] {n, previous});
                    previous = n;
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        Set<Long> unique = new HashSet<>();
        for (long[] n : seen) {
            assertTrue(n[0] > n[1], "each thread sees its nonces increase");
            unique.add(n[0]);
        }
        assertEquals(16000, unique.size(), "no nonce is handed out twice");
        assertTrue(a.nextNonce() >= System.currentTimeMillis() * 1000 - 1_000_000, "never far below the clock in µs");
    }
}
