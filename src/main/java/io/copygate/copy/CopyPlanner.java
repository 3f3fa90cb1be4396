package io.copygate.copy;

import io.copygate.signal.Bracket;
import io.copygate.signal.CopyOrder;
import io.copygate.signal.CopyOrderId;
import io.copygate.signal.CopyOrderState;
import io.copygate.signal.CopySkip;
import io.copygate.signal.Instrument;
import io.copygate.signal.OrderIntent;
import io.copygate.signal.OrderType;
import io.copygate.signal.Side;
import io.copygate.signal.Signal;
import io.copygate.signal.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one signal into one order per follower that copies it and one recorded skip per follower that
 * does not. Pure apart from reading positions and working copies: it writes nothing, so the journal
 * can commit the signal and its plan together.
 *
 * <p>Entries are sized by the link's {@link SizingRule} (multiplier, fixed quantity, equity ratio, risk
 * %, notional, percent of equity), rounded DOWN to the instrument's lot step (or a fraction where the
 * link allows it), capped at maxQuantity, skipped below minQuantity or at zero. Exits are
 * position-aware and never sized by those rules: an exit closes what the follower holds, never more,
 * so it can neither reverse a follower nor trade one that skipped the entry.
 *
 * <p>A reversal (an entry marked {@link Signal#closeOpposite()}, or a position target on the other side
 * of what the follower holds) is two orders: a position-aware close of all the follower holds (id part
 * {@code close}), then the sized opening order. The risk guards judge them in that order, so the close
 * passes as an exit and the open is checked as an entry from flat.
 */
public final class CopyPlanner {
    private final InstrumentCatalog catalog;
    private final PositionBook positions;
    private final WorkingCopies workingCopies;
    private final LinkSource links;
    private final VenueRules venues;
    private final RiskGuards guards;
    private final InstrumentMaps maps;
    private final AccountEquity equity;

    /** The copy links of a master account, paused ones included (they are recorded as skips). */
    @FunctionalInterface
    public interface LinkSource {
        List<CopyLink> ofMaster(String masterAccount);
    }

    public CopyPlanner(InstrumentCatalog catalog, PositionBook positions, WorkingCopies workingCopies, LinkSource links,
                       VenueRules venues) {
        this(catalog, positions, workingCopies, links, venues, AccountEquity.NONE, null, null);
    }

    /** With the accounts' cached equity, for the links that size by equity ({@link SizingRule}). */
    public CopyPlanner(InstrumentCatalog catalog, PositionBook positions, WorkingCopies workingCopies, LinkSource links,
                       VenueRules venues, AccountEquity equity) {
        this(catalog, positions, workingCopies, links, venues, equity, null, null);
    }

    /**
     * A planner that sizes with the accounts' cached equity, translates each link's signal by its
     * instrument map ({@link InstrumentMaps}) and passes each link's plan through the risk guards
     * ({@link RiskGuards}); guards and maps may be null.
     */
    public CopyPlanner(InstrumentCatalog catalog, PositionBook positions, WorkingCopies workingCopies, LinkSource links,
                       VenueRules venues, AccountEquity equity, RiskGuards guards, InstrumentMaps maps) {
        this.equity = equity;
        this.guards = guards;
        this.maps = maps;
        this.catalog = catalog;
        this.positions = positions;
        this.workingCopies = workingCopies;
        this.links = links;
        this.venues = venues;
    }

    /** Pipeline step: the plan for a signal over its master's copy links. */
    public CopyPlan plan(Signal signal) {
        return planFor(signal, links.ofMaster(signal.masterAccount()));
    }

    public CopyPlan planFor(Signal signal, List<CopyLink> links) {
        List<CopyOrder> orders = new ArrayList<>();
        List<CopySkip> skips = new ArrayList<>();
        boolean killSwitches = guards == null || guards.anyKillSwitchEngaged();
        for (CopyLink link : links) {
            int firstOfLink = orders.size();
            int firstSkip = skips.size();
            Signal forLink;
            try {
                forLink = maps == null ? signal : maps.apply(signal, link);
            } catch (InvalidCopyRulesException e) {
                skips.add(new CopySkip(signal.id(), link.id(), link.followerAccount(), SkipReason.INSTRUMENT_MAP, e.getMessage()));
                continue;
            }
            Plan p = new Plan(forLink, link, orders, skips);
            if (!link.active()) {
                p.skip(SkipReason.LINK_PAUSED, "copy link " + link.id() + " is paused");
            } else if (!"active".equals(link.followerStatus())) {
                p.skip(SkipReason.ACCOUNT_NOT_ACTIVE, "follower account " + link.followerAccount() + " is "
                        + link.followerStatus() + (link.followerStatusReason() == null ? "" : ": " + link.followerStatusReason()));
            } else if (signal.instrument() != null && !passesFilters(p)) {
                // skip recorded by passesFilters
            } else {
                switch (signal.kind()) {
                    case ORDER_NEW -> planEntry(p);
                    case POSITION_TARGET -> planTarget(p);
                    case ORDER_CANCEL -> planCancel(p);
                    case ORDER_MODIFY -> planModify(p);
                    case FLATTEN -> planFlatten(p);
                    case FILL -> { /* a master's fill is journaled for its position; its order was copied already */ }
                }
            }
            if (guards != null && link.active()) {
                guards.screen(forLink, link, orders.subList(firstOfLink, orders.size()), skips, killSwitches);
            }
            if (forLink != signal) {
                // a skip of a mapped link says how the quantity came about, e.g. "MESZ26 → ESZ26 ÷10: ..."
                for (int i = firstSkip; i < skips.size(); i++) {
                    CopySkip s = skips.get(i);
                    skips.set(i, new CopySkip(s.signalId(), s.linkId(), s.followerAccount(), s.reasonCode(),
                            maps.describe(signal, forLink) + ": " + s.reason()));
                }
            }
        }
        return new CopyPlan(signal, orders, skips);
    }

    private boolean passesFilters(Plan p) {
        CopyRules rules = p.link.rules();
        Instrument i = p.signal.instrument();
        if (!rules.allowSymbols().isEmpty() && !matches(rules.allowSymbols(), i)) {
            p.skip(SkipReason.SYMBOL_NOT_ALLOWED, i.symbol() + " is not in allowSymbols " + rules.allowSymbols());
            return false;
        }
        if (matches(rules.denySymbols(), i)) {
            p.skip(SkipReason.SYMBOL_DENIED, i.symbol() + " is in denySymbols " + rules.denySymbols());
            return false;
        }
        return true;
    }

    private static boolean matches(java.util.Set<String> symbols, Instrument i) {
        return symbols.contains(i.symbol()) || (i.root() != null && symbols.contains(i.root()));
    }

    private void planEntry(Plan p) {
        CopyRules rules = p.link.rules();
        Signal s = p.signal;
        if (s.closeOpposite()) {
            closeOtherSide(p, rules.isReverse() ? s.side().opposite() : s.side());
        }
        BigDecimal lotStep = rules.quantityStep(catalog.spec(p.instrument).lotStep());
        SizingRule.Sized sized = SizingRule.of(rules, catalog.spec(p.instrument)).size(s, s.quantity(), p.link, equity);
        if (sized.skipped()) {
            p.skip(sized.skipCode(), sized.skipReason());
            return;
        }
        BigDecimal qty = roundDown(sized.quantity(), lotStep);
        String how = sized.how();
        if (rules.maxQuantity() != null && qty.compareTo(rules.maxQuantity()) > 0) {
            qty = roundDown(rules.maxQuantity(), lotStep);
        }
        if (rules.minQuantity() != null && qty.compareTo(rules.minQuantity()) < 0) {
            p.skip(SkipReason.QUANTITY_BELOW_MIN, how + " sizes to " + plain(qty) + " (lot step " + plain(lotStep)
                    + "), below minQuantity " + plain(rules.minQuantity()));
            return;
        }
        if (qty.signum() == 0) {
            p.skip(SkipReason.QUANTITY_ZERO, how + " rounds down to 0 at lot step " + plain(lotStep));
            return;
        }
        boolean reverse = rules.isReverse();
        Bracket bracket = s.bracket();
        if (reverse && bracket != null) {
            // the master's stop becomes the reversed follower's target and vice versa
            bracket = new Bracket(bracket.takeProfit(), null, bracket.stopLoss());
        }
        CopyOrder entry = p.build("", p.instrument, OrderIntent.PLACE, null, reverse ? s.side().opposite() : s.side(), qty,
                s.orderType(), s.limitPrice(), s.stopPrice(), bracket);
        VenueRules.Result venue = venues.apply(entry, rules);
        if (venue.skipReason() != null) {
            p.skip(SkipReason.VENUE_RULES, venue.skipReason());
        } else {
            p.orders.add(venue.order());
        }
    }

    /**
     * Close-then-open: a follower holding the other side of {@code side} gets a position-aware close of
     * all of it first, as a market order of its own ({@code close} part), whether or not the opening
     * order can be sized. The risk guards judge the two apart: the close only reduces, the open is an entry.
     */
    private void closeOtherSide(Plan p, Side side) {
        BigDecimal held = positions.quantity(p.link.followerAccount(), p.instrument.symbol());
        if (held.signum() != 0 && (held.signum() > 0) != (side == Side.BUY)) {
            p.order("close", OrderIntent.PLACE, null, side, held.abs(), OrderType.MARKET, null, null, null);
        }
    }

    /**
     * Drives the follower to its scaled target: the master's target magnitude sized by the link's rule,
     * rounded down, capped at maxQuantity (below minQuantity or at zero a skip). A target on the other
     * side of what the follower holds is close-then-open (two orders); else one order for the difference.
     */
    private void planTarget(Plan p) {
        Signal s = p.signal;
        CopyRules rules = p.link.rules();
        String symbol = p.instrument.symbol();
        BigDecimal current = positions.quantity(p.link.followerAccount(), symbol);
        BigDecimal masterTarget = s.targetPosition();
        int direction = masterTarget.signum() * (rules.isReverse() ? -1 : 1);
        BigDecimal magnitude = BigDecimal.ZERO;
        String skipCode = null;
        String skipReason = null;
        if (direction != 0) {
            SizingRule.Sized sized = SizingRule.of(rules, catalog.spec(p.instrument)).size(s, masterTarget.abs(), p.link, equity);
            BigDecimal lotStep = rules.quantityStep(catalog.spec(p.instrument).lotStep());
            if (sized.skipped()) {
                skipCode = sized.skipCode();
                skipReason = sized.skipReason();
            } else {
                magnitude = roundDown(sized.quantity(), lotStep);
                if (rules.maxQuantity() != null && magnitude.compareTo(rules.maxQuantity()) > 0) {
                    magnitude = roundDown(rules.maxQuantity(), lotStep);
                }
                if (rules.minQuantity() != null && magnitude.compareTo(rules.minQuantity()) < 0) {
                    skipCode = SkipReason.QUANTITY_BELOW_MIN;
                    skipReason = "target " + sized.how() + " sizes to " + plain(magnitude) + " (lot step " + plain(lotStep)
                            + "), below minQuantity " + plain(rules.minQuantity());
                } else if (magnitude.signum() == 0) {
                    skipCode = SkipReason.QUANTITY_ZERO;
                    skipReason = "target " + sized.how() + " rounds down to 0 at lot step " + plain(lotStep);
                }
            }
        }
        boolean crosses = current.signum() != 0 && direction != 0 && current.signum() != direction;
        Side closing = current.signum() > 0 ? Side.SELL : Side.BUY;
        if (skipCode != null) {
            // the new side cannot be sized: the follower still leaves the side the master left, and adds nothing
            if (crosses) {
                p.order("close", OrderIntent.PLACE, null, closing, current.abs(), OrderType.MARKET, null, null, null);
            }
            p.skip(skipCode, skipReason);
            return;
        }
        BigDecimal target = magnitude.multiply(BigDecimal.valueOf(direction));
        if (target.signum() == 0 && closeEarlierContracts(p)) {
            if (current.signum() != 0) {
                p.order("", OrderIntent.PLACE, null, closing, current.abs(), OrderType.MARKET, null, null, null);
            }
            return;
        }
        if (current.signum() == 0 && target.signum() == 0) {
            p.skip(SkipReason.NO_POSITION, "follower " + p.link.followerAccount() + " has no " + symbol + " position to exit");
            return;
        }
        BigDecimal delta = target.subtract(current);
        if (delta.signum() == 0) {
            p.skip(SkipReason.AT_TARGET, "follower " + p.link.followerAccount() + " already holds " + plain(current) + " " + symbol);
            return;
        }
        if (crosses) {
            p.order("close", OrderIntent.PLACE, null, closing, current.abs(), OrderType.MARKET, null, null, null);
            p.order("", OrderIntent.PLACE, null, closing, target.abs(), OrderType.MARKET, null, null, null);
            return;
        }
        p.order("", OrderIntent.PLACE, null, delta.signum() > 0 ? Side.BUY : Side.SELL, delta.abs(), OrderType.MARKET,
                null, null, null);
    }

    /**
     * The link's copies a cancel or modify reaches: those of the master's order (by its reference, on
     * whatever contract), else those in the instrument; for a continuous symbol ({@code ES1!}) also those
     * on the two contracts it meant before its last rolls, so a copy placed before a roll is not orphaned.
     */
    private List<CopyOrder> working(Plan p) {
        List<CopyOrder> found = new ArrayList<>(workingCopies.of(p.link.id(), p.instrument.symbol(), p.signal.masterOrderRef()));
        if (p.signal.masterOrderRef() == null) {
            for (Instrument earlier : catalog.earlierContracts(p.instrument, 2)) {
                found.addAll(workingCopies.of(p.link.id(), earlier.symbol(), null));
            }
        }
        return found;
    }

    /**
     * An exit on a continuous symbol after a roll also closes what the follower still holds on the
     * contracts the symbol meant before (copygate does not roll positions): true when it planned any.
     */
    private boolean closeEarlierContracts(Plan p) {
        boolean any = false;
        for (Instrument earlier : catalog.earlierContracts(p.instrument, 2)) {
            BigDecimal held = positions.quantity(p.link.followerAccount(), earlier.symbol());
            if (held.signum() != 0) {
                any = true;
                p.order("close:" + earlier.symbol(), earlier, OrderIntent.PLACE, null, held.signum() > 0 ? Side.SELL : Side.BUY,
                        held.abs(), OrderType.MARKET, null, null, null);
            }
        }
        return any;
    }

    private void planCancel(Plan p) {
        List<CopyOrder> working = working(p);
        if (p.signal.masterOrderRef() != null) {
            // a bracket leg protects what already filled: cancelling the rest of the master's entry leaves it
            working = working.stream().filter(w -> !isBracketLeg(w)).toList();
        }
        if (working.isEmpty()) {
            p.skip(SkipReason.NO_WORKING_ORDER, "follower " + p.link.followerAccount() + " has no working "
                    + p.instrument.symbol() + " copy to cancel");
            return;
        }
        for (CopyOrder w : working) {
            p.order("cancel:" + w.id(), w.instrument(), OrderIntent.CANCEL, w.id(), w.side(), w.quantity(), w.orderType(),
                    null, null, null);
        }
    }

    /** A stop-loss or take-profit the gateway placed for a follower's entry (its target is the entry). */
    private static boolean isBracketLeg(CopyOrder o) {
        return o.intent() == OrderIntent.PLACE && o.targetOrderId() != null;
    }

    private void planModify(Plan p) {
        Signal s = p.signal;
        List<CopyOrder> working = working(p);
        if (working.isEmpty()) {
            p.skip(SkipReason.NO_WORKING_ORDER, "follower " + p.link.followerAccount() + " has no working "
                    + p.instrument.symbol() + " copy to change");
            return;
        }
        CopyRules rules = p.link.rules();
        SizingRule sizing = SizingRule.of(rules, catalog.spec(p.instrument));
        Bracket bracket = s.bracket() == null || s.bracket().isEmpty() ? null : rules.isReverse()
                ? new Bracket(s.bracket().takeProfit(), null, s.bracket().stopLoss()) : s.bracket();
        for (CopyOrder w : working) {
            if (isBracketLeg(w)) {
                moveLeg(p, w, bracket);
                continue;
            }
            BigDecimal qty = w.quantity();
            if (s.quantity() != null && sizing.followsMasterQuantity()) {
                SizingRule.Sized sized = sizing.size(s, s.quantity(), p.link, equity);
                if (sized.skipped()) {
                    p.skip(sized.skipCode(), sized.skipReason());
                    continue;
                }
                qty = roundDown(sized.quantity(), rules.quantityStep(catalog.spec(p.instrument).lotStep()));
                if (rules.maxQuantity() != null && qty.compareTo(rules.maxQuantity()) > 0) {
                    qty = rules.maxQuantity();
                }
            }
            if (qty.signum() == 0) {
                p.skip(SkipReason.QUANTITY_ZERO, "the changed quantity rounds down to 0 for " + w.id());
                continue;
            }
            p.order("modify:" + w.id(), w.instrument(), OrderIntent.MODIFY, w.id(), w.side(), qty, w.orderType(),
                    s.limitPrice() != null ? s.limitPrice() : w.limitPrice(),
                    s.stopPrice() != null ? s.stopPrice() : w.stopPrice(), bracket);
        }
    }

    /**
     * The master moved its stop-loss or take-profit: the follower's working leg moves to the new level.
     * Its quantity is the gateway's (sized to the follower's fill), so the change leaves it out.
     */
    private void moveLeg(Plan p, CopyOrder leg, Bracket bracket) {
        boolean stopLeg = leg.orderType() != OrderType.LIMIT;
        BigDecimal stop = stopLeg && bracket != null ? bracket.stopLoss() : null;
        BigDecimal limit = bracket == null ? null : stopLeg ? bracket.stopLossLimit() : bracket.takeProfit();
        if (stop == null && limit == null) {
            return;     // the change does not touch this leg's level
        }
        p.order("modify:" + leg.id(), OrderIntent.MODIFY, leg.id(), leg.side(), null, leg.orderType(), limit, stop, null);
    }

    private void planFlatten(Plan p) {
        String follower = p.link.followerAccount();
        Map<Instrument, BigDecimal> open = positions.open(follower);
        Instrument only = p.instrument;
        boolean any = false;
        for (Map.Entry<Instrument, BigDecimal> position : open.entrySet()) {
            Instrument instrument = position.getKey();
            if (only != null && !only.symbol().equals(instrument.symbol())) {
                continue;
            }
            any = true;
            BigDecimal q = position.getValue();
            p.order("flatten:" + instrument.symbol(), instrument, OrderIntent.PLACE, null, q.signum() > 0 ? Side.SELL : Side.BUY,
                    q.abs(), OrderType.MARKET, null, null, null);
        }
        // every working copy of the link in that instrument, or in any when the master flattens all:
        // entries and the bracket legs protecting what is being closed alike
        for (CopyOrder w : workingCopies.of(p.link.id(), only == null ? null : only.symbol(), null)) {
            any = true;
            p.order("cancel:" + w.id(), w.instrument(), OrderIntent.CANCEL, w.id(), w.side(), w.quantity(), w.orderType(),
                    null, null, null);
        }
        if (!any) {
            p.skip(SkipReason.NO_POSITION, "follower " + follower + " has nothing to flatten"
                    + (only == null ? "" : " in " + only.symbol()));
        }
    }

    static BigDecimal roundDown(BigDecimal quantity, BigDecimal step) {
        BigDecimal steps = quantity.divide(step, 0, RoundingMode.DOWN);
        BigDecimal q = steps.multiply(step);
        return q.signum() == 0 ? BigDecimal.ZERO : q.stripTrailingZeros().scale() < 0 ? q.setScale(0) : q.stripTrailingZeros();
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    /** The plan being built for one link. */
    private final class Plan {
        final Signal signal;
        final CopyLink link;
        /** What the follower trades: the signal's instrument, or its quote-swapped pair. */
        final Instrument instrument;
        final List<CopyOrder> orders;
        final List<CopySkip> skips;

        Plan(Signal signal, CopyLink link, List<CopyOrder> orders, List<CopySkip> skips) {
            this.signal = signal;
            this.link = link;
            this.instrument = link.rules().followerInstrument(signal.instrument());
            this.orders = orders;
            this.skips = skips;
        }

        void skip(String code, String reason) {
            skips.add(new CopySkip(signal.id(), link.id(), link.followerAccount(), code, reason));
        }

        void order(String part, OrderIntent intent, String target, Side side, BigDecimal qty, OrderType type,
                   BigDecimal limit, BigDecimal stop, Bracket bracket) {
            order(part, instrument, intent, target, side, qty, type, limit, stop, bracket);
        }

        void order(String part, Instrument instrument, OrderIntent intent, String target, Side side, BigDecimal qty,
                   OrderType type, BigDecimal limit, BigDecimal stop, Bracket bracket) {
            orders.add(build(part, instrument, intent, target, side, qty, type, limit, stop, bracket));
        }

        CopyOrder build(String part, Instrument instrument, OrderIntent intent, String target, Side side, BigDecimal qty,
                        OrderType type, BigDecimal limit, BigDecimal stop, Bracket bracket) {
            return (new CopyOrder(CopyOrderId.of(signal.id(), link.followerAccount(), part), signal.id(), link.id(),
                    link.tenant(), link.followerAccount(), link.followerBroker(), intent, target, instrument, side, qty,
                    type, limit, stop, signal.timeInForce() != null ? signal.timeInForce() : TimeInForce.DAY,
                    bracket == null || bracket.isEmpty() ? null : bracket, signal.price(), CopyOrderState.PLANNED, 0,
                    signal.receivedTime(), null));
        }
    }
}
