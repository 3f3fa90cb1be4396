package io.copygate.broker.ninjatrader;

/**
 * How a request reaches an account's add-on. Failures to get an answer are thrown as the broker error
 * classes (unavailable, or an unknown outcome when the request may have placed something); any answer,
 * whatever its status, is returned.
 */
interface BridgeTransport {
    BridgeReply send(NinjaTraderConfig account, BridgeCall call);
}
