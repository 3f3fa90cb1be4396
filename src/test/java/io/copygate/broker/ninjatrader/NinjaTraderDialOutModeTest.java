package io.copygate.broker.ninjatrader;

import java.util.List;

/**
 * Dial-out mode: the add-on opens a WebSocket to the gateway; the gateway's orders and the add-on's
 * events both travel over it (the add-on's own port then serves only the stub's controls).
 */
class NinjaTraderDialOutModeTest extends NinjaTraderCopyTrading {

    @Override
    String mode() {
        return "dialout";
    }

    @Override
    List<String> connection() {
        return List.of("--mode", "DialOut", "--gateway-ws-url", "ws://127.0.0.1:" + wsPort + "/bridge/ninjatrader/ws");
    }
}
