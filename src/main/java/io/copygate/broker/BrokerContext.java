package io.copygate.broker;

import java.time.Clock;

/** What the gateway hands a broker module when it joins (see {@link BrokerAdapterFactory}). */
public record BrokerContext(BrokerHttp http, Clock clock, BrokerOrderIds orderIds, CredentialUpdates credentials) {
}
