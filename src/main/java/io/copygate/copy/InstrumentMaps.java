package io.copygate.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.signal.Signal;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cross-instrument maps from {@code maps:} in {@code config/instruments.yaml}: {@code ES: {MES: 10}} says
 * one ES is worth ten MES (same price scale, a tenth of the point value). A link's {@code mapInstrument:
 * {ES: MES}} makes its follower trade MES for the master's ES: the signal is translated before the link
 * is planned (same contract month, quantities × 10), so sizing, rounding, exits and the risk guards all
 * work in the follower's instrument. The reverse direction (MES → ES) converts by the inverse ratio; a
 * result below one lot is a recorded skip that names the conversion, never a silent zero.
 */
public final class InstrumentMaps {
    private final Map<String, Map<String, BigDecimal>> ratios;

    public InstrumentMaps(Map<String, Map<String, BigDecimal>> ratios) {
        Map<String, Map<String, BigDecimal>> copy = new LinkedHashMap<>();
        ratios.forEach((from, tos) -> copy.put(from, Map.copyOf(tos)));
        this.ratios = Map.copyOf(copy);
    }

    public static InstrumentMaps load(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            Map<String, Map<String, BigDecimal>> ratios = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = root == null ? java.util.Collections.emptyIterator() : root.path("maps").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> from = it.next();
                Iterator<Map.Entry<String, JsonNode>> tos = from.getValue().fields();
                while (tos.hasNext()) {
                    Map.Entry<String, JsonNode> to = tos.next();
                    BigDecimal ratio = new BigDecimal(to.getValue().asText());
                    if (ratio.signum() <= 0) {
                        throw new IllegalArgumentException("maps." + from.getKey() + "." + to.getKey() + " must be above zero");
                    }
                    ratios.computeIfAbsent(from.getKey(), k -> new LinkedHashMap<>()).put(to.getKey(), ratio);
                }
            }
            return new InstrumentMaps(ratios);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read maps in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Converts a quantity of {@code from} into {@code to}, or null when the catalog maps neither way. */
    public BigDecimal convert(BigDecimal quantity, String from, String to) {
        BigDecimal forward = ratios.getOrDefault(from, Map.of()).get(to);
        if (forward != null) {
            return quantity.multiply(forward);
        }
        BigDecimal backward = ratios.getOrDefault(to, Map.of()).get(from);
        // dividing (not multiplying by a rounded inverse) keeps 3 MES → 1 ES exact for a ratio of 3
        return backward == null ? null : quantity.divide(backward, MathContext.DECIMAL64);
    }

    /** The ratio as people write it: ×10 for ES → MES, ÷10 for MES → ES. */
    public String ratioText(String from, String to) {
        BigDecimal forward = ratios.getOrDefault(from, Map.of()).get(to);
        return forward != null ? "×" + forward.stripTrailingZeros().toPlainString()
                : "÷" + ratios.get(to).get(from).stripTrailingZeros().toPlainString();
    }

    /** The signal as the link's follower trades it, or the signal itself when the link maps nothing for it. */
    public Signal apply(Signal signal, CopyLink link) {
        Instrument i = signal.instrument();
        if (i == null || i.root() == null || i.assetClass() != AssetClass.FUTURE || link.rules().mapInstrument().isEmpty()) {
            return signal;
        }
        String to = link.rules().mapInstrument().get(i.root());
        if (to == null) {
            return signal;
        }
        if (convert(BigDecimal.ONE, i.root(), to) == null) {
            throw new InvalidCopyRulesException("mapInstrument", "link " + link.id() + " maps " + i.root() + " to " + to
                    + " but config/instruments.yaml has no map between them");
        }
        Signal.Builder b = signal.toBuilder().instrument(i.resolvedFromContinuous()
                ? Instrument.resolved(to, i.expiry(), i.continuousIndex()) : Instrument.future(to, i.expiry()));
        if (signal.quantity() != null) {
            b.quantity(convert(signal.quantity(), i.root(), to));
        }
        if (signal.targetPosition() != null) {
            b.targetPosition(convert(signal.targetPosition(), i.root(), to));
        }
        return b.build();
    }

    /** The sentence prefix that explains a mapped link's skip: {@code ESZ26 → MESZ26 ×10}. */
    public String describe(Signal original, Signal mapped) {
        return original.instrument().symbol() + " → " + mapped.instrument().symbol() + " "
                + ratioText(original.instrument().root(), mapped.instrument().root());
    }
}
