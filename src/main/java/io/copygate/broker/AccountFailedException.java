package io.copygate.broker;

/**
 * The account itself cannot trade (wrong or expired credentials, a disabled account). Final for
 * the order, and the account is marked failed with this reason so that other followers go on.
 */
public class AccountFailedException extends BrokerRejectedException {
    public AccountFailedException(String reason) {
        super(reason);
    }
}
