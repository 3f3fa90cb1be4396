package io.copygate.broker;

/**
 * Stores a credential a broker rotated (TradeStation's refresh token), encrypted like every other.
 * Without it a rotated token would be lost at the next restart and the account would fail.
 */
@FunctionalInterface
public interface CredentialUpdates {
    void update(String accountId, String key, String value);
}
