package io.copygate.broker.tradestation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which TradeStation order a copy order became. TradeStation echoes neither the OrderConfirmID nor any
 * client reference in its order objects, so cancels and modifies can only find their target through
 * this map. The in-memory default forgets everything on restart; the lead backs it with the order
 * store (every {@link io.copygate.broker.BrokerAck#brokerOrderId()} is already recorded there).
 */
public interface TradeStationOrderIds {

    void remember(String account, String clientOrderId, String brokerOrderId);

    Optional<String> brokerOrderId(String account, String clientOrderId);

    /** The copy order a TradeStation order belongs to, if known. */
    Optional<String> clientOrderId(String account, String brokerOrderId);

    /** Remembers the most recent orders of this process only. */
    static TradeStationOrderIds inMemory() {
        return new TradeStationOrderIds() {
            private final Map<String, String> byClient = bounded();
            private final Map<String, String> byBroker = bounded();

            @Override
            public void remember(String account, String clientOrderId, String brokerOrderId) {
                byClient.put(account + "|" + clientOrderId, brokerOrderId);
                byBroker.put(account + "|" + brokerOrderId, clientOrderId);
            }

            @Override
            public Optional<String> brokerOrderId(String account, String clientOrderId) {
                return Optional.ofNullable(byClient.get(account + "|" + clientOrderId));
            }

            @Override
            public Optional<String> clientOrderId(String account, String brokerOrderId) {
                return Optional.ofNullable(byBroker.get(account + "|" + brokerOrderId));
            }

            private Map<String, String> bounded() {
                return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                        return size() > 100_000;
                    }
                });
            }
        };
    }
}
