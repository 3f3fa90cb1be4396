package io.copygate.signal;

public enum AssetClass {
    FUTURE, EQUITY, CRYPTO, OPTION
}
