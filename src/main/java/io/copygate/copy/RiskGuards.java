package io.copygate.copy;

import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopySkip;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.SignalKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The risk guards, run over the orders the planner made for one link before they are journaled. A
 * blocked order is dropped and recorded as a skip with a stable code ({@link SkipReason}) and a
 * sentence with the numbers. A guard that cannot evaluate (no price to value a position) blocks.
 *
 * <p>The kill switch stops every order of the link. The other guards stop only orders that open or add
 * exposure: an order that only reduces the follower's position (an exit, a flatten) or a cancel always
 * passes, so a tripped limit never traps a follower in a position.
 */
public final class RiskGuards {
    private static final MathContext MC = MathContext.DECIMAL64;

    private final RiskState state;
    private final PositionBook positions;
    private final InstrumentCatalog catalog;
    private final Map<String, RiskLimits> profiles;
    private final Clock clock;

    public RiskGuards(RiskState state, PositionBook positions, InstrumentCatalog catalog, Map<String, RiskLimits> profiles,
                      Clock clock) {
        this.state = state;
        this.positions = positions;
        this.catalog = catalog;
        this.profiles = Map.copyOf(profiles);
        this.clock = clock;
    }

    /** The limits with their profile's filled in; an unknown profile is an error naming it. */
    public RiskLimits resolve(RiskLimits limits) {
        if (limits == null || limits.profile() == null) {
            return limits;
        }
        RiskLimits profile = profiles.get(limits.profile());
        if (profile == null) {
            throw new InvalidCopyRulesException("profile", "unknown risk profile '" + limits.profile() + "' (riskProfiles: "
                    + profiles.keySet() + ")");
        }
        return limits.over(profile);
    }

    /**
     * True when a daily loss limit that applies to this link (its own or its follower account's) asks
     * for the account to be flattened when it trips.
     */
    public boolean flattensOnDailyLoss(CopyLink link) {
        try {
            return levels(link.id(), link.rules(), link.followerAccount(), link.tenant()).stream()
                    .anyMatch(l -> l.limits().flattensOnDailyLoss());
        } catch (InvalidCopyRulesException e) {
            return false;
        }
    }

    /** A set of limits and where it is set: {@code link l1}, {@code account f1}, {@code tenant t1}. */
    private record Level(String name, RiskLimits limits) {
    }

    /**
     * The limits that apply to a link's orders: its own, its follower account's and its tenant's (each
     * with its profile filled in). Every set is checked, so the tightest of them decides.
     */
    private List<Level> levels(String linkId, CopyRules linkRules, String account, String tenant) {
        List<Level> out = new ArrayList<>();
        addIfSet(out, "link " + linkId, resolve(linkRules == null ? null : linkRules.risk()));
        addIfSet(out, "account " + account, resolve(state.accountLimits(account)));
        addIfSet(out, "tenant " + tenant, resolve(state.tenantLimits(tenant)));
        return out;
    }

    /**
     * The delivery-time age check of an order that has never been sent: when a maxSignalAge of its link
     * or follower account is exceeded by now and the order opens exposure, the sentence why it must not
     * go out; else null. (A retry, a recovery after a crash or a replay can come long after planning.)
     */
    public String staleAtDelivery(CopyOrder order, CopyRules linkRules) {
        if (order.intent() != OrderIntent.PLACE || order.signalReceivedAt() == null) {
            return null;
        }
        List<Level> sets;
        try {
            sets = levels(order.linkId(), linkRules, order.followerAccount(), order.tenant());
        } catch (InvalidCopyRulesException e) {
            return null; // planning blocked such a link already
        }
        Instant now = clock.instant();
        Duration age = Duration.between(order.signalReceivedAt(), now);
        for (Level level : sets) {
            RiskLimits l = level.limits();
            if (l.signalAge() != null && age.compareTo(l.signalAge()) > 0) {
                BigDecimal held = positions.quantity(order.followerAccount(), order.instrument().symbol());
                BigDecimal after = held.add(signed(order));
                boolean opens = after.abs().compareTo(held.abs()) > 0 || after.signum() * held.signum() < 0;
                if (opens) {
                    return "copy order " + order.id() + " held back at delivery: its signal was received " + age.toMillis()
                            + " ms ago, above maxSignalAge " + l.maxSignalAge() + " [" + level.name() + "]";
                }
            }
        }
        return null;
    }

    /**
     * Removes from {@code planned} (the link's orders of this signal) every order a guard blocks, adding
     * a skip for each to {@code skips}.
     */
    public void screen(Signal signal, CopyLink link, List<CopyOrder> planned, List<CopySkip> skips) {
        screen(signal, link, planned, skips, true);
    }

    /** Whether any kill switch is engaged: read once per signal, passed to {@link #screen} for each link. */
    public boolean anyKillSwitchEngaged() {
        return state.anyKillSwitchEngaged();
    }

    /** As {@link #screen(Signal, CopyLink, List, List)}; {@code killSwitchesEngaged} false skips that read. */
    public void screen(Signal signal, CopyLink link, List<CopyOrder> planned, List<CopySkip> skips,
                       boolean killSwitchesEngaged) {
        if (signal.kind() == SignalKind.FILL) {
            return;
        }
        String kill = killSwitchesEngaged ? state.killSwitch(link.id(), link.followerAccount(), link.tenant()) : null;
        if (kill != null) {
            boolean alreadySkipped = skips.stream().anyMatch(s -> s.linkId().equals(link.id()));
            if (!planned.isEmpty() || !alreadySkipped) {
                planned.clear();
                skips.add(skip(signal, link, SkipReason.KILL_SWITCH, kill));
            }
            return;
        }
        if (planned.isEmpty()) {
            return;
        }
        List<Level> limitSets;
        try {
            limitSets = levels(link.id(), link.rules(), link.followerAccount(), link.tenant());
        } catch (InvalidCopyRulesException e) {
            blockAll(signal, link, planned, skips, SkipReason.RISK_RULES_INVALID, e.getMessage());
            return;
        }
        if (limitSets.isEmpty() && link.rules().maxSlippage() == null) {
            return; // nothing to check, so no position is read
        }
        Check check = new Check(signal, link, clock.instant());
        int entriesAllowed = 0;
        for (Iterator<CopyOrder> it = planned.iterator(); it.hasNext(); ) {
            CopyOrder order = it.next();
            String[] block = check.entryBlock(order, limitSets, entriesAllowed);
            if (block != null) {
                it.remove();
                skips.add(skip(signal, link, block[0], block[1]));
            } else {
                if (check.opensExposure(order)) {
                    entriesAllowed++;
                }
                check.passed(order);
            }
        }
    }

    private static void addIfSet(List<Level> sets, String name, RiskLimits limits) {
        if (limits != null) {
            sets.add(new Level(name, limits));
        }
    }

    private static void blockAll(Signal signal, CopyLink link, List<CopyOrder> planned, List<CopySkip> skips, String code,
                                 String reason) {
        planned.clear();
        skips.add(skip(signal, link, code, reason));
    }

    private static CopySkip skip(Signal signal, CopyLink link, String code, String reason) {
        return new CopySkip(signal.id(), link.id(), link.followerAccount(), code, reason);
    }

    /** The checks of one signal on one link; P&amp;L is read once and only when a limit needs it. */
    private final class Check {
        final Signal signal;
        final CopyLink link;
        final String account;
        final Instant now;

        /**
         * The follower's position per symbol as the orders already passed would leave it: a close-then-open
         * pair is judged in order, the close as an exit from what is held, the open as an entry from flat.
         */
        final Map<String, BigDecimal> projected = new java.util.HashMap<>();

        Check(Signal signal, CopyLink link, Instant now) {
            this.signal = signal;
            this.link = link;
            this.account = link.followerAccount();
            this.now = now;
        }

        BigDecimal held(String symbol) {
            return projected.computeIfAbsent(symbol, s -> positions.quantity(account, s));
        }

        void passed(CopyOrder order) {
            if (order.intent() == OrderIntent.PLACE) {
                projected.put(order.instrument().symbol(), held(order.instrument().symbol()).add(signed(order)));
            }
        }

        boolean opensExposure(CopyOrder order) {
            if (order.intent() == OrderIntent.CANCEL) {
                return false;
            }
            if (order.intent() == OrderIntent.MODIFY) {
                return true;
            }
            BigDecimal held = held(order.instrument().symbol());
            BigDecimal after = held.add(signed(order));
            return after.abs().compareTo(held.abs()) > 0 || after.signum() * held.signum() < 0;
        }

        /** {code, sentence} of the first guard that blocks the order, or null. */
        String[] entryBlock(CopyOrder order, List<Level> limitSets, int entriesAllowed) {
            if (!opensExposure(order)) {
                return null;
            }
            if (order.intent() == OrderIntent.MODIFY) {
                for (Level level : limitSets) {
                    RiskLimits l = level.limits();
                    if (l.maxOrderQuantity() != null && order.quantity() != null
                            && order.quantity().compareTo(l.maxOrderQuantity()) > 0) {
                        return block(SkipReason.MAX_ORDER_QUANTITY, "changing " + order.targetOrderId() + " to "
                                + plain(order.quantity()) + " is above maxOrderQuantity " + plain(l.maxOrderQuantity())
                                + " [" + level.name() + "]");
                    }
                }
                return null;
            }
            String symbol = order.instrument().symbol();
            for (Level l : limitSets) {
                String[] b = limitBlock(order, symbol, l, entriesAllowed);
                if (b != null) {
                    return b;
                }
            }
            return slippageBlock(order);
        }

        private String[] limitBlock(CopyOrder order, String symbol, Level level, int entriesAllowed) {
            RiskLimits l = level.limits();
            // the level that blocked: "[link l1]", "[account f1]", "[tenant t1]"
            String from = (l.profile() == null ? "" : " (profile " + l.profile() + ")") + " [" + level.name() + "]";
            Duration maxAge = l.signalAge();
            if (maxAge != null) {
                Instant born = signal.sourceTime() != null ? signal.sourceTime() : signal.receivedTime();
                Duration age = Duration.between(born, now);
                if (age.compareTo(maxAge) > 0) {
                    return block(SkipReason.SIGNAL_STALE, "the signal is " + age.toMillis() + " ms old ("
                            + (signal.sourceTime() != null ? "sourceTime " : "received ") + born + "), above maxSignalAge "
                            + l.maxSignalAge() + from);
                }
            }
            if (l.tradingHours() != null) {
                boolean byInstrument = l.tradingHours().equals(RiskLimits.INSTRUMENT_HOURS);
                TradingHours hours = byInstrument ? catalog.spec(order.instrument()).hours()
                        : TradingHours.parse(l.tradingHours(), l.zone());
                if (hours == null) { // fail closed: the link asked for hours the catalog does not have
                    return block(SkipReason.OUTSIDE_TRADING_HOURS, "tradingHours is [instrument] but config/instruments.yaml "
                            + "gives no tradingHours for " + symbol + from);
                }
                if (!hours.isOpen(now)) {
                    return block(SkipReason.OUTSIDE_TRADING_HOURS, "entries open only " + (byInstrument ? hours.windows()
                            + " (" + symbol + "'s hours)" : l.tradingHours()) + " " + hours.zone() + "; it is "
                            + now.atZone(hours.zone()).getDayOfWeek().name().substring(0, 3) + " " + hours.localTime(now)
                            + " there" + from);
                }
            }
            if (l.bracketRequired() && (order.bracket() == null || order.bracket().stopLoss() == null)) {
                return block(SkipReason.BRACKET_REQUIRED, "the entry has no stop-loss and requireBracket is set" + from);
            }
            if (l.maxOrderQuantity() != null && order.quantity().compareTo(l.maxOrderQuantity()) > 0) {
                return block(SkipReason.MAX_ORDER_QUANTITY, order.side() + " " + plain(order.quantity()) + " " + symbol
                        + " is above maxOrderQuantity " + plain(l.maxOrderQuantity()) + from);
            }
            if (l.maxPosition() != null) {
                BigDecimal held = held(symbol);
                BigDecimal after = held.add(signed(order));
                if (after.abs().compareTo(l.maxPosition()) > 0) {
                    return block(SkipReason.MAX_POSITION, order.side() + " " + plain(order.quantity()) + " " + symbol
                            + " would take the position from " + plain(held) + " to " + plain(after)
                            + ", beyond maxPosition " + plain(l.maxPosition()) + from);
                }
            }
            if (l.maxOpenOrders() != null) {
                int working = state.workingOrders(account) + entriesAllowed;
                if (working >= l.maxOpenOrders()) {
                    return block(SkipReason.MAX_OPEN_ORDERS, account + " has " + working + " working orders; maxOpenOrders is "
                            + l.maxOpenOrders() + from);
                }
            }
            if (l.maxOrdersPerMinute() != null) {
                int recent = state.ordersPlannedSince(account, now.minusSeconds(60)) + entriesAllowed;
                if (recent >= l.maxOrdersPerMinute()) {
                    return block(SkipReason.ORDERS_PER_MINUTE, recent + " orders for " + account
                            + " in the last minute; maxOrdersPerMinute is " + l.maxOrdersPerMinute() + from);
                }
            }
            return l.needsPnl() ? pnlBlock(l, from) : null;
        }

        private String[] pnlBlock(RiskLimits l, String from) {
            ZonedDateTime local = now.atZone(l.zone());
            ZonedDateTime start = local.with(l.sessionStartTime());
            if (start.isAfter(local)) {
                start = start.minusDays(1);
            }
            Instant sessionStart = start.toInstant();
            BigDecimal unrealized = BigDecimal.ZERO;
            for (RiskState.OpenPosition p : state.openPositions(account)) {
                BigDecimal mark = markOf(p.instrument().symbol());
                if (mark == null) {
                    return block(SkipReason.PNL_UNAVAILABLE, "no price is known for " + p.instrument().symbol()
                            + " to value the open position of " + plain(p.quantity()) + ", so the P&L limits cannot be checked");
                }
                unrealized = unrealized.add(mark.subtract(p.averagePrice()).multiply(p.quantity())
                        .multiply(catalog.spec(p.instrument()).pointValue()), MC);
            }
            BigDecimal realizedToday = state.realizedSince(account, sessionStart);
            BigDecimal net = realizedToday.add(unrealized);
            String pnl = "net P&L since the session start " + l.sessionStartTime() + " " + l.zone() + " (" + sessionStart
                    + ") is " + money(net) + " (realized net of fees " + money(realizedToday) + ", unrealized " + money(unrealized) + ")";
            if (l.dailyLossLimit() != null && net.compareTo(l.dailyLossLimit().negate()) <= 0) {
                return block(SkipReason.DAILY_LOSS_LIMIT, pnl + ", at or beyond the dailyLossLimit of " + money(l.dailyLossLimit())
                        + from + "; entries are blocked until the next session, exits pass");
            }
            if (l.dailyProfitTarget() != null && net.compareTo(l.dailyProfitTarget()) >= 0) {
                return block(SkipReason.DAILY_PROFIT_TARGET, pnl + ", at or above the dailyProfitTarget of "
                        + money(l.dailyProfitTarget()) + from + "; entries are locked out until the next session");
            }
            if (l.trailingDrawdown() != null) {
                BigDecimal peak = state.realizedPeak(account);
                BigDecimal equity = state.realizedTotal(account).add(unrealized);
                BigDecimal drawdown = peak.subtract(equity);
                if (drawdown.compareTo(l.trailingDrawdown()) >= 0) {
                    return block(SkipReason.TRAILING_DRAWDOWN, "equity change " + money(equity) + " is " + money(drawdown)
                            + " below its peak " + money(peak) + ", at or beyond the trailingDrawdown of "
                            + money(l.trailingDrawdown()) + from);
                }
            }
            return null;
        }

        private String[] slippageBlock(CopyOrder order) {
            BigDecimal max = link.rules().maxSlippage();
            if (max == null || order.orderType() != OrderType.MARKET) {
                return null; // a venue that honours maxSlippage itself has made the copy a limit order already
            }
            String symbol = order.instrument().symbol();
            if (order.referencePrice() == null) {
                return block(SkipReason.MAX_SLIPPAGE, "the signal carries no master price, so maxSlippage "
                        + plain(max) + " cannot be checked");
            }
            BigDecimal last = state.lastPrice(order.broker(), symbol);
            if (last == null) {
                return block(SkipReason.MAX_SLIPPAGE, "no last price for " + symbol + " at " + order.broker()
                        + ", so maxSlippage " + plain(max) + " cannot be checked");
            }
            BigDecimal ref = order.referencePrice();
            BigDecimal off = last.subtract(ref).abs().divide(ref, MC);
            if (off.compareTo(max) > 0) {
                return block(SkipReason.MAX_SLIPPAGE, "the follower's last price " + plain(last) + " at " + order.broker()
                        + " is " + plain(off.multiply(BigDecimal.valueOf(100)).setScale(3, java.math.RoundingMode.HALF_UP))
                        + " % from the master's " + plain(ref) + ", beyond maxSlippage " + plain(max));
            }
            return null;
        }

        private BigDecimal markOf(String symbol) {
            if (signal.instrument() != null && symbol.equals(signal.instrument().symbol()) && signal.price() != null) {
                return signal.price(); // the newest price there is: the one this signal carries
            }
            return state.markPrice(symbol);
        }
    }

    private static BigDecimal signed(CopyOrder order) {
        return order.side() == Side.BUY ? order.quantity() : order.quantity().negate();
    }

    private static String[] block(String code, String reason) {
        return new String[] {code, reason};
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
}
