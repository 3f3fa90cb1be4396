package io.copygate.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The sandboxes {@code java -jar copygate.jar sandbox <name>} can start, by broker name. */
public final class Sandboxes {
    private static final Map<String, Supplier<Sandbox>> ALL = new TreeMap<>();

    static {
        // each broker's sandbox registers here: ALL.put("alpaca", AlpacaSandbox::new);
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
