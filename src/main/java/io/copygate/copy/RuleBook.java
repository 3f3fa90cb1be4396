package io.copygate.copy;

/**
 * Whether a link's rules can be applied, checked the same way wherever they come from (gateway.yaml at
 * start, {@code PUT /api/links/{id}/rules}): the JSON parses into {@link CopyRules} (an unknown rule or a
 * bad value names its field), the risk profile it names exists, and each {@code mapInstrument} has a map
 * in instruments.yaml. Nothing is changed by a check.
 */
public final class RuleBook {
    private final RiskGuards guards;
    private final InstrumentMaps maps;

    public RuleBook(RiskGuards guards, InstrumentMaps maps) {
        this.guards = guards;
        this.maps = maps;
    }

    /** The rules, or an {@link InvalidCopyRulesException} naming the field that cannot be applied. */
    public CopyRules check(String rulesJson) {
        CopyRules rules = CopyRules.fromJson(rulesJson);
        check(rules);
        return rules;
    }

    public void check(CopyRules rules) {
        try {
            guards.resolve(rules.risk());
        } catch (InvalidCopyRulesException e) {
            throw new InvalidCopyRulesException("risk." + e.field(), e.getMessage());
        }
        rules.mapInstrument().forEach((from, to) -> {
            if (maps.convert(java.math.BigDecimal.ONE, from, to) == null) {
                throw new InvalidCopyRulesException("mapInstrument", "mapInstrument " + from + ": " + to
                        + " has no map in instruments.yaml (maps:)");
            }
        });
    }
}
