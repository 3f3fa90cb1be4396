package io.copygate.broker.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copygate.broker.BrokerAccount;
import io.copygate.broker.BrokerHttp;
import io.copygate.broker.RecordingFeedListener;
import io.copygate.broker.SymbolRules;
import io.copygate.broker.binance.BinanceAdapter;
import io.copygate.broker.coinbase.CoinbaseAdapter;
import io.copygate.broker.kraken.KrakenAccountFeed;
import io.copygate.broker.kraken.KrakenAccountFeedFactory;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.sim.binance.BinanceSandbox;
import io.copygate.sim.binance.BinanceSymbol;
import io.copygate.sim.coinbase.CoinbaseSandbox;
import io.copygate.sim.kraken.KrakenSandbox;
import io.copygate.sim.spot.SpotOrder;
import java.math.BigDecimal;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A master fill on Kraken, read from its sandbox's stream, copied at half size to followers on
 * Binance and Coinbase through their adapters: each gets its own symbol and its own rounding, and a
 * copy under a venue's minimum becomes a skip with the reason. (The pipeline's planner is not part of
 * this: the test plays it in a few lines.)
 */
class CrossVenueCopyTest {
    private final KrakenSandbox kraken = new KrakenSandbox();
    private final BinanceSandbox binance = new BinanceSandbox();
    private final CoinbaseSandbox coinbase = new CoinbaseSandbox();
    private final BrokerHttp http = new BrokerHttp(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private KrakenAccountFeed feed;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        kraken.close();
        binance.close();
        coinbase.close();
    }

    private static CopyOrder copy(Signal s, BrokerAccount follower, BigDecimal ratio) {
        return new CopyOrder(CopyOrderId.of(s.sourceEventId(), follower.id()), s.sourceEventId(), "link-" + follower.id(),
                s.tenant(), follower.id(), follower.broker(), OrderIntent.PLACE, null, s.instrument(), s.side(),
                s.quantity().multiply(ratio), s.orderType(), s.limitPrice(), s.stopPrice(), s.timeInForce(), null,
                s.price(), CopyOrderState.PLANNED, 0, Instant.now(), null);
    }

    @Test
    void aKrakenMasterFillIsCopiedToBinanceAndCoinbaseWithTheirSymbolsAndRounding() throws Exception {
        kraken.start(0);
        binance.start(0);
        coinbase.start(0);
        String krakenSecret = Base64.getEncoder().encodeToString("master-secret-bytes".getBytes());
        kraken.addAccount("k-master", krakenSecret);
        kraken.setBalance("k-master", "USD", new BigDecimal("100000"));
        BrokerAccount master = new BrokerAccount("master", "t1", "kraken", "k-master",
                Map.of("baseUrl", kraken.baseUrl(), "wsUrl", kraken.wsUrl()),
                Map.of("apiKey", "k-master", "privateKey", krakenSecret));

        binance.addSymbol(BinanceSymbol.of("BTC", "USD", "0.00001", "0.01", "10"), new BigDecimal("60000"));
        binance.addAccount("b-f", "b-secret");
        binance.setBalance("b-f", "USD", new BigDecimal("100000"));
        BrokerAccount binanceFollower = new BrokerAccount("bf", "t1", "binance", "b-f",
                Map.of("baseUrl", binance.baseUrl()), Map.of("apiKey", "b-f", "secretKey", "b-secret"));

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        coinbase.addAccount("organizations/o/apiKeys/cf", ed.getPublic());
        coinbase.setBalance("organizations/o/apiKeys/cf", "USD", new BigDecimal("100000"));
        BrokerAccount coinbaseFollower = new BrokerAccount("cf", "t1", "coinbase", "organizations/o/apiKeys/cf",
                Map.of("baseUrl", coinbase.baseUrl()), Map.of("apiKeyName", "organizations/o/apiKeys/cf",
                        "privateKey", Base64.getEncoder().encodeToString(ed.getPrivate().getEncoded())));

        RecordingFeedListener listener = new RecordingFeedListener();
        feed = new KrakenAccountFeedFactory(http).open(master);
        feed.start(listener);
        listener.awaitState(s -> s.startsWith("connected"), "the master feed");
        kraken.setPrice("XBTUSD", new BigDecimal("60123.4"));
        kraken.humanOrder("k-master", "XBTUSD", Side.BUY, SpotOrder.Type.MARKET, new BigDecimal("0.12345678"), null, null);
        Signal signal = listener.awaitSignals(1).get(0);
        assertEquals("BTC/USD", signal.instrument().symbol());
        assertEquals(new BigDecimal("60123.4"), signal.price());

        BinanceAdapter toBinance = new BinanceAdapter(http);
        CoinbaseAdapter toCoinbase = new CoinbaseAdapter(http);
        BigDecimal half = new BigDecimal("0.5");
        CopyOrder b = copy(signal, binanceFollower, half);
        CopyOrder c = copy(signal, coinbaseFollower, half);
        SymbolRules.Sized bSize = toBinance.size(b, binanceFollower);
        SymbolRules.Sized cSize = toCoinbase.size(c, coinbaseFollower);
        assertEquals(new BigDecimal("0.06172"), bSize.quantity(), "Binance's 0.00001 step");
        assertEquals(new BigDecimal("0.06172839"), cSize.quantity(), "Coinbase's 0.00000001 increment");
        toBinance.place(b, binanceFollower);
        toCoinbase.place(c, coinbaseFollower);
        SpotOrder onBinance = binance.order("b-f", b.id()).orElseThrow();
        SpotOrder onCoinbase = coinbase.order("organizations/o/apiKeys/cf", c.id()).orElseThrow();
        assertEquals("BTC/USD", onBinance.market().key());
        assertEquals(0, new BigDecimal("0.06172").compareTo(onBinance.quantity()));
        assertEquals(SpotOrder.Status.FILLED, onBinance.status());
        assertEquals(0, new BigDecimal("0.06172839").compareTo(onCoinbase.quantity()));
        assertEquals(SpotOrder.Status.FILLED, onCoinbase.status());
        assertTrue(binance.requests().stream().anyMatch(r -> r.pathAndQuery().contains("symbol=BTCUSD&side=BUY&type=MARKET&quantity=0.06172&")));
        assertTrue(coinbase.requests().stream().anyMatch(r -> r.body() != null && r.body().contains("\"product_id\":\"BTC-USD\"")));

        // a tiny follower: 0.1% of the master is 0.00012 BTC, 7.21 USD, under Binance's 10 USD minimum here
        CopyOrder tiny = copy(signal, binanceFollower, new BigDecimal("0.001"));
        SymbolRules.Sized skip = toBinance.size(tiny, binanceFollower);
        assertEquals("notional 7.214808 (0.00012 × 60123.4) is below Binance's minimum 10 for BTCUSD", skip.skipReason());
    }
}
