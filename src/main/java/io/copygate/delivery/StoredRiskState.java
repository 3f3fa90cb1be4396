package io.copygate.delivery;

import io.copygate.broker.paper.PaperBroker;
import io.copygate.broker.paper.PaperQuotes;
import io.copygate.copy.CopyRules;
import io.copygate.copy.RiskLimits;
import io.copygate.copy.RiskState;
import io.copygate.signal.AssetClass;
import io.copygate.signal.Instrument;
import io.copygate.store.KillSwitchStore;
import io.copygate.store.PositionStore;
import io.copygate.store.RiskStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The risk guards' view of the store; the paper broker's last price is its market quote. */
public final class StoredRiskState implements RiskState {
    private final RiskStore risk;
    private final PositionStore positions;
    private final PaperQuotes paperQuotes;

    public StoredRiskState(RiskStore risk, PositionStore positions, PaperQuotes paperQuotes) {
        this.risk = risk;
        this.positions = positions;
        this.paperQuotes = paperQuotes;
    }

    @Override
    public boolean anyKillSwitchEngaged() {
        return risk.anyEngaged();
    }

    @Override
    public String killSwitch(String linkId, String account, String tenant) {
        List<KillSwitchStore.KillSwitch> engaged = risk.engaged(linkId, account, tenant);
        return engaged.isEmpty() ? null : engaged.get(0).describe();
    }

    @Override
    public RiskLimits accountLimits(String account) {
        String json = risk.accountRiskJson(account);
        return json == null ? null : CopyRules.fromJson("{\"risk\":" + json + "}").risk();
    }

    @Override
    public RiskLimits tenantLimits(String tenant) {
        String json = tenant == null ? null : risk.tenantRiskJson(tenant);
        return json == null ? null : CopyRules.fromJson("{\"risk\":" + json + "}").risk();
    }

    @Override
    public int workingOrders(String account) {
        return risk.workingOrders(account);
    }

    @Override
    public int ordersPlannedSince(String account, Instant since) {
        return risk.ordersPlannedSince(account, since);
    }

    @Override
    public BigDecimal realizedSince(String account, Instant since) {
        return risk.realizedSince(account, since);
    }

    @Override
    public BigDecimal realizedTotal(String account) {
        return risk.realizedTotal(account);
    }

    @Override
    public BigDecimal realizedPeak(String account) {
        return risk.realizedPeak(account);
    }

    @Override
    public List<OpenPosition> openPositions(String account) {
        return positions.positions(account).stream().filter(p -> p.quantity().signum() != 0)
                .map(p -> new OpenPosition(Instrument.parse(p.symbol(), AssetClass.valueOf(p.assetClass())), p.quantity(),
                        p.averagePrice())).toList();
    }

    @Override
    public BigDecimal markPrice(String symbol) {
        return risk.latestPrice(symbol);
    }

    @Override
    public BigDecimal lastPrice(String broker, String symbol) {
        if (PaperBroker.NAME.equals(broker)) {
            return paperQuotes.last(symbol);
        }
        return risk.latestFillAt(broker, symbol);
    }
}
