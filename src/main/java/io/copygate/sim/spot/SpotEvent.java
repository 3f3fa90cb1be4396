package io.copygate.sim.spot;

/**
 * Something that happened to an order, for the venue sandbox to render as its stream event.
 * Delivered under the exchange lock, in order; {@code trade} is set for {@link Kind#TRADE}.
 */
public record SpotEvent(Kind kind, SpotOrder order, SpotTrade trade) {
    public enum Kind { NEW, TRADE, CANCELED, EXPIRED, AMENDED }
}
