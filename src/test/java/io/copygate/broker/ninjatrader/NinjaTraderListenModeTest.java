package io.copygate.broker.ninjatrader;

import java.util.List;

/** Listen mode: the gateway calls the add-on's HTTP receiver; the add-on posts its events to the gateway. */
class NinjaTraderListenModeTest extends NinjaTraderCopyTrading {

    @Override
    String mode() {
        return "listen";
    }

    @Override
    List<String> connection() {
        return List.of("--mode", "Listen", "--gateway-url", "http://127.0.0.1:" + gatewayPort);
    }
}
