package io.copygate.signal;

public enum TimeInForce {
    DAY, GTC, IOC, FOK
}
