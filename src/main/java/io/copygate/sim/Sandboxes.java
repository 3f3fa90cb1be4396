package io.copygate.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The sandboxes {@code java -jar copygate.jar sandbox <name>} can start, by broker name. */
public final class Sandboxes {
    private static final Map<String, Supplier<Sandbox>> ALL = new TreeMap<>();

    static {
        // one line per broker sandbox
        ALL.put("tradovate", io.copygate.sim.tradovate.TradovateSandbox::new);
        ALL.put("tradestation", io.copygate.sim.tradestation.TradeStationSandbox::new);
        ALL.put("binance", io.copygate.sim.binance.BinanceSandbox::new);
        ALL.put("kraken", io.copygate.sim.kraken.KrakenSandbox::new);
        ALL.put("coinbase", io.copygate.sim.coinbase.CoinbaseSandbox::new);
        ALL.put("alpaca", io.copygate.sim.alpaca.AlpacaSandbox::new);
    }

    private Sandboxes() {
    }

    public static Sandbox create(String name) {
        Supplier<Sandbox> factory = ALL.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("no sandbox named '" + name + "'; available: " + ALL.keySet());
        }
        return factory.get();
    }

    public static java.util.Set<String> names() {
        return ALL.keySet();
    }
}
