package io.copygate.delivery;

import io.copygate.copy.CopyLink;
import io.copygate.copy.RiskGuards;
import io.copygate.copy.SkipReason;
import io.copygate.signal.CopySkip;
import io.copygate.store.KillSwitchStore;
import io.copygate.store.SignalJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flattenOnDailyLoss}: when a journaled signal's plan shows a follower's daily loss limit tripped,
 * that account's kill switch is engaged (actor {@code risk-guard}), which cancels its working orders and
 * closes its positions through the outbox. The switch is one per account, so two signals tripping the
 * limit together flatten once.
 */
public final class DailyLossFlatten {
    private static final Logger LOG = LoggerFactory.getLogger(DailyLossFlatten.class);
    public static final String ACTOR = "risk-guard";

    private final KillSwitches killSwitches;
    private final RiskGuards guards;
    private final Function<String, CopyLink> linkById;

    public DailyLossFlatten(KillSwitches killSwitches, RiskGuards guards, Function<String, CopyLink> linkById) {
        this.killSwitches = killSwitches;
        this.guards = guards;
        this.linkById = linkById;
    }

    /** The kill switches this plan engaged, with their orders for dispatch (usually none). */
    public List<KillSwitches.Engaged> engage(SignalJournal.Entry entry) {
        List<KillSwitches.Engaged> engaged = new ArrayList<>();
        for (CopySkip skip : entry.skips()) {
            if (!SkipReason.DAILY_LOSS_LIMIT.equals(skip.reasonCode())) {
                continue;
            }
            CopyLink link = linkById.apply(skip.linkId());
            if (link == null || !guards.flattensOnDailyLoss(link)) {
                continue;
            }
            try {
                engaged.add(killSwitches.engage("account", skip.followerAccount(), "flattenOnDailyLoss: " + skip.reason(),
                        true, ACTOR));
                LOG.warn("daily loss limit of {} tripped: kill switch engaged, flattening", skip.followerAccount());
            } catch (KillSwitchStore.AlreadyEngagedException already) {
                LOG.info("daily loss limit of {} tripped; {}", skip.followerAccount(), already.getMessage());
            }
        }
        return engaged;
    }
}
