package io.copygate.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.InvalidSignalException;
import io.copygate.signal.Signal;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instrument facts in {@code config/instruments.yaml}: tick size, point value, lot step per
 * futures root or symbol, with defaults per asset class, and the roll schedule that resolves
 * continuous futures ({@code ES1!}) to a contract month. Also the pipeline step that resolves them.
 */
public final class InstrumentCatalog {
    private static final ZoneId EXCHANGE_ZONE = ZoneId.of("America/Chicago");

    private final Map<String, InstrumentSpec> bySymbol;
    private final Map<AssetClass, InstrumentSpec> defaults;
    private final Clock clock;

    public InstrumentCatalog(Map<String, InstrumentSpec> bySymbol, Map<AssetClass, InstrumentSpec> defaults, Clock clock) {
        this.bySymbol = Map.copyOf(bySymbol);
        this.defaults = Map.copyOf(defaults);
        this.clock = clock;
    }

    public static InstrumentCatalog load(Path file, Clock clock) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            Map<AssetClass, InstrumentSpec> defaults = new LinkedHashMap<>();
            JsonNode d = root.path("defaults");
            for (AssetClass ac : AssetClass.values()) {
                defaults.put(ac, spec(ac.name(), d.path(ac.name().toLowerCase()), null));
            }
            Map<String, InstrumentSpec> specs = new LinkedHashMap<>();
            for (String section : new String[] {"futures", "equities", "crypto"}) {
                Iterator<Map.Entry<String, JsonNode>> it = root.path(section).fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    AssetClass ac = section.equals("futures") ? AssetClass.FUTURE
                            : section.equals("equities") ? AssetClass.EQUITY : AssetClass.CRYPTO;
                    specs.put(e.getKey(), spec(e.getKey(), e.getValue(), defaults.get(ac)));
                }
            }
            return new InstrumentCatalog(specs, defaults, clock);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InstrumentSpec spec(String key, JsonNode n, InstrumentSpec fallback) {
        RollRule roll = null;
        if (n.has("months")) {
            try {
                roll = new RollRule(n.path("months").asText(), n.path("expiry").asText("third-friday"),
                        n.path("expiryMonthOffset").asInt(0), n.path("rollDaysBefore").asInt(8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        TradingHours hours = null;
        if (n.has("tradingHours")) {
            List<String> windows = new java.util.ArrayList<>();
            n.path("tradingHours").forEach(w -> windows.add(w.asText()));
            try {
                hours = TradingHours.parse(windows, java.time.ZoneId.of(n.path("timeZone").asText("America/New_York")));
            } catch (InvalidCopyRulesException | java.time.DateTimeException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return new InstrumentSpec(n.path("name").asText(key),
                decimal(n, "tickSize", fallback == null ? new BigDecimal("0.01") : fallback.tickSize()),
                decimal(n, "pointValue", fallback == null ? BigDecimal.ONE : fallback.pointValue()),
                n.path("currency").asText(fallback == null ? "USD" : fallback.currency()),
                decimal(n, "lotStep", fallback == null ? BigDecimal.ONE : fallback.lotStep()), roll,
                hours != null ? hours : fallback == null ? null : fallback.hours());
    }

    private static BigDecimal decimal(JsonNode n, String field, BigDecimal fallback) {
        return n.hasNonNull(field) ? new BigDecimal(n.get(field).asText()) : fallback;
    }

    /** The roots that name futures, for recognising {@code ESZ2025} as a future and not a share. */
    public Set<String> futuresRoots() {
        return bySymbol.entrySet().stream().filter(e -> e.getValue().roll() != null).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Facts of an instrument: its symbol's entry, else its root's, else its asset class's defaults. */
    public InstrumentSpec spec(Instrument instrument) {
        InstrumentSpec s = bySymbol.get(instrument.symbol());
        if (s == null && instrument.root() != null) {
            s = bySymbol.get(instrument.root());
        }
        return s != null ? s : defaults.get(instrument.assetClass());
    }

    /** The contract a continuous symbol means today; other instruments come back unchanged. */
    public Instrument resolve(Instrument instrument) {
        if (!instrument.isContinuous()) {
            return instrument;
        }
        InstrumentSpec s = bySymbol.get(instrument.root());
        if (s == null || s.roll() == null) {
            throw InvalidSignalException.invalid("ticker", "no roll schedule for " + instrument.root()
                    + " in config/instruments.yaml, so " + instrument.symbol() + " cannot be resolved to a contract month");
        }
        LocalDate today = LocalDate.now(clock.withZone(EXCHANGE_ZONE));
        return Instrument.resolved(instrument.root(), s.roll().nearby(instrument.continuousIndex(), today),
                instrument.continuousIndex());
    }

    /**
     * The contracts a continuous symbol resolved to {@code contract} may have meant before its last rolls:
     * the {@code count} listed contracts before it, nearest first. Empty for anything else.
     */
    public java.util.List<Instrument> earlierContracts(Instrument contract, int count) {
        if (contract == null || !contract.resolvedFromContinuous()) {
            return java.util.List.of();
        }
        InstrumentSpec s = bySymbol.get(contract.root());
        if (s == null || s.roll() == null) {
            return java.util.List.of();
        }
        java.util.List<java.time.YearMonth> before = s.roll().contractsFrom(contract.expiry().minusMonths(24), 48).stream()
                .filter(m -> m.isBefore(contract.expiry())).toList();
        java.util.List<Instrument> out = new java.util.ArrayList<>();
        for (int i = before.size() - 1; i >= 0 && out.size() < count; i--) {
            out.add(Instrument.future(contract.root(), before.get(i)));
        }
        return out;
    }

    /** Pipeline step: the signal with its continuous symbol resolved to the current contract. */
    public Signal resolveContinuous(Signal signal) {
        if (signal.instrument() == null || !signal.instrument().isContinuous()) {
            return signal;
        }
        return signal.toBuilder().instrument(resolve(signal.instrument())).build();
    }
}
