package io.copygate.copy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one follower copies one master: sizing, limits and filters. Stored as JSON on the copy link,
 * written in {@code config/gateway.yaml} or through the API with the same field names.
 *
 * @param multiplier     follower quantity = master quantity × multiplier (default 1)
 * @param fixedQuantity  when set, every entry is this many units whatever the master traded
 * @param minQuantity    a sized order below this is skipped (never silently rounded up)
 * @param maxQuantity    a sized order above this is capped to it
 * @param allowSymbols   when non-empty, only these symbols or roots are copied
 * @param denySymbols    these symbols or roots are never copied
 * @param reverse        trade the opposite side (and swap the bracket's stop-loss and take-profit)
 * @param maxSlippage    on venues that support it, a market copy becomes a marketable limit at most this
 *                       fraction (0.005 = 0.5 %) away from the master's price; on the others a market copy
 *                       is skipped when the follower venue's last price is further than that from the master's
 * @param risk           the link's risk guards ({@link RiskLimits}), checked before an order leaves
 * @param mapInstrument  futures roots the follower trades instead of the master's ({@code {ES: MES}}),
 *                       converted by the maps in config/instruments.yaml ({@link InstrumentMaps})
 * @param quoteSwap      crypto only: the follower trades the master's base asset against another quote
 *                       currency, e.g. {@code {USDT: USD}} copies {@code BTC/USDT} as {@code BTC/USD}. Prices
 *                       are taken over 1:1, so only for quote currencies that trade at par. Off by default
 * @param sizing         the sizing mode ({@link Sizing}); absent = multiplier, or fixedQuantity when that is set
 * @param reconcile      what reconciliation does on a drift ({@link ReconcileRules}); absent = report only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyRules(
        BigDecimal multiplier,
        BigDecimal fixedQuantity,
        BigDecimal minQuantity,
        BigDecimal maxQuantity,
        Set<String> allowSymbols,
        Set<String> denySymbols,
        Boolean reverse,
        BigDecimal maxSlippage,
        RiskLimits risk,
        java.util.Map<String, String> mapInstrument,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> quoteSwap,
        Sizing sizing,
        ReconcileRules reconcile) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Pattern CURRENCY = Pattern.compile("[A-Z0-9]{2,12}");

    public static final CopyRules DEFAULT = new CopyRules(null, null, null, null, null, null, null, null, null, null, null, null, null);

    public CopyRules {
        positiveIfSet(multiplier, "multiplier");
        positiveIfSet(fixedQuantity, "fixedQuantity");
        positiveIfSet(minQuantity, "minQuantity");
        positiveIfSet(maxQuantity, "maxQuantity");
        positiveIfSet(maxSlippage, "maxSlippage");
        if (maxSlippage != null && maxSlippage.compareTo(BigDecimal.ONE) >= 0) {
            throw new InvalidCopyRulesException("maxSlippage", "maxSlippage is a fraction below 1 (0.005 = 0.5 %), was "
                    + maxSlippage.toPlainString());
        }
        if (minQuantity != null && maxQuantity != null && minQuantity.compareTo(maxQuantity) > 0) {
            throw new InvalidCopyRulesException("minQuantity", "minQuantity " + minQuantity.toPlainString()
                    + " is above maxQuantity " + maxQuantity.toPlainString());
        }
        quoteSwap = quoteSwap == null ? Map.of() : Map.copyOf(quoteSwap);
        quoteSwap.forEach((from, to) -> {
            if (!CURRENCY.matcher(from).matches() || !CURRENCY.matcher(to).matches() || from.equals(to)) {
                throw new InvalidCopyRulesException("quoteSwap", "quoteSwap maps one quote currency to another in capitals, "
                        + "e.g. {USDT: USD}; " + from + " → " + to + " is not that");
            }
        });
        checkSizing(sizing, multiplier, fixedQuantity);
        allowSymbols = allowSymbols == null ? Set.of() : Set.copyOf(allowSymbols);
        denySymbols = denySymbols == null ? Set.of() : Set.copyOf(denySymbols);
        mapInstrument = mapInstrument == null ? java.util.Map.of() : java.util.Map.copyOf(mapInstrument);
    }

    public BigDecimal effectiveMultiplier() {
        return multiplier == null ? BigDecimal.ONE : multiplier;
    }

    /** What the follower trades for the master's instrument: the same, or a crypto pair with its quote swapped. */
    public Instrument followerInstrument(Instrument master) {
        if (master == null || master.assetClass() != AssetClass.CRYPTO || quoteSwap.isEmpty()) {
            return master;
        }
        int slash = master.symbol().indexOf('/');
        String swapped = slash < 0 ? null : quoteSwap.get(master.symbol().substring(slash + 1));
        return swapped == null ? master : Instrument.crypto(master.symbol().substring(0, slash), swapped);
    }

    /** The step sized quantities are rounded down to: the instrument's lot step, or a fraction when sizing allows it. */
    public BigDecimal quantityStep(BigDecimal lotStep) {
        return sizing != null && sizing.allowsFractions() ? SizingRule.FRACTIONAL_STEP.min(lotStep) : lotStep;
    }

    public ReconcileRules reconcileRules() {
        return reconcile == null ? ReconcileRules.DEFAULT : reconcile;
    }

    public boolean isReverse() {
        return Boolean.TRUE.equals(reverse);
    }

    /** Reads rules JSON; unknown fields are an error, so a typo in a rule never silently does nothing. */
    /** Parsed rules by their JSON: the planner reads every link's rules for every signal, and they are immutable. */
    private static final Map<String, CopyRules> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    public static CopyRules fromJson(String json) {
        if (json == null || json.isBlank()) {
            return DEFAULT;
        }
        CopyRules parsed = PARSED.get(json);
        if (parsed == null) {
            parsed = parse(json);
            if (PARSED.size() >= 10_000) {
                PARSED.clear(); // bounded: rules are few, but a caller could feed many
            }
            PARSED.put(json, parsed);
        }
        return parsed;
    }

    private static CopyRules parse(String json) {
        try {
            return JSON.readValue(json, CopyRules.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidCopyRulesException(e.getPropertyName(), "unknown copy rule '" + e.getPropertyName() + "'");
        } catch (InvalidCopyRulesException e) {
            throw e;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            if (e.getCause() instanceof InvalidCopyRulesException invalid) {
                throw invalid;
            }
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new InvalidCopyRulesException(field, "invalid copy rules: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidCopyRulesException(null, "copy rules are not valid JSON: " + e.getMessage());
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rule the chosen mode would ignore is an error, never silently dropped. */
    private static void checkSizing(Sizing sizing, BigDecimal multiplier, BigDecimal fixedQuantity) {
        if (sizing == null) {
            return;
        }
        if (fixedQuantity != null && !Sizing.FIXED_QUANTITY.equals(sizing.mode())) {
            throw new InvalidCopyRulesException("fixedQuantity", "fixedQuantity does not apply to sizing mode " + sizing.mode());
        }
        if (fixedQuantity == null && Sizing.FIXED_QUANTITY.equals(sizing.mode())) {
            throw new InvalidCopyRulesException("fixedQuantity", "sizing mode fixedQuantity needs fixedQuantity");
        }
        if (multiplier != null && (sizing.sizesFromPrice() || Sizing.FIXED_QUANTITY.equals(sizing.mode()))) {
            throw new InvalidCopyRulesException("multiplier", "multiplier does not apply to sizing mode " + sizing.mode());
        }
    }

    private static void positiveIfSet(BigDecimal v, String field) {
        if (v != null && v.signum() <= 0) {
            throw new InvalidCopyRulesException(field, field + " must be greater than zero, was " + v.toPlainString());
        }
    }
}
