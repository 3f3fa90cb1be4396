package io.copygate.delivery;

import io.copygate.copy.CopyRules;
import io.copygate.copy.RiskGuards;
import io.copygate.copy.SkipReason;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.store.AccountStore;
import io.copygate.store.RiskStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is checked again just before a copy order is sent, because it can change after planning: an
 * engaged kill switch (every order but the switch's own), and the age of the signal behind an entry
 * that was never sent (maxSignalAge). A held-back order is recorded as a skip and never sent.
 */
public final class DeliveryChecks implements CopyOrderDelivery.HoldBack {
    private final KillSwitches killSwitches;
    private final RiskGuards guards;
    private final RiskStore risk;
    private final AccountStore accounts;

    public DeliveryChecks(KillSwitches killSwitches, RiskGuards guards, RiskStore risk, AccountStore accounts) {
        this.killSwitches = killSwitches;
        this.guards = guards;
        this.risk = risk;
        this.accounts = accounts;
    }

    @Override
    public Optional<CopySkip> check(CopyOrder order) {
        return check(order, true);
    }

    /**
     * The checks for the orders of one freshly journaled signal, by order id (held-back orders only):
     * one query tells whether any kill switch is engaged at all, instead of one per order.
     */
    public Map<String, CopySkip> checkAll(List<CopyOrder> orders) {
        boolean anySwitch = killSwitches.anyEngaged();
        Map<String, CopySkip> held = new HashMap<>();
        for (CopyOrder order : orders) {
            check(order, anySwitch).ifPresent(skip -> held.put(order.id(), skip));
        }
        return held;
    }

    private Optional<CopySkip> check(CopyOrder order, boolean killSwitchesEngaged) {
        Optional<CopySkip> killed = killSwitchesEngaged ? killSwitches.blocks(order) : Optional.empty();
        if (killed.isPresent() || KillSwitches.isOwnOrder(order)) {
            return killed;
        }
        String rules = accounts.linkRulesJson(order.linkId());
        String stale = guards.staleAtDelivery(order, rules == null ? null : CopyRules.fromJson(rules));
        // an order already sent may be at the broker: its retry must look it up, not drop it
        if (stale == null || risk.attempts(order.id()) > 0) {
            return Optional.empty();
        }
        return Optional.of(new CopySkip(order.signalId(), order.linkId(), order.followerAccount(), SkipReason.SIGNAL_STALE, stale));
    }
}
