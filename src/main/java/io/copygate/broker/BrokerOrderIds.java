package io.copygate.broker;

import java.util.Optional;

/**
 * Which broker order a copy order became, kept with the copy order in the outbox so it survives
 * restarts. Venues that do not echo the client order id on their orders (TradeStation) find cancel and
 * replace targets and attribute fills through it.
 */
public interface BrokerOrderIds {

    void remember(String account, String clientOrderId, String brokerOrderId);

    Optional<String> brokerOrderId(String account, String clientOrderId);

    Optional<String> clientOrderId(String account, String brokerOrderId);
}
