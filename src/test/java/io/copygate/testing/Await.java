package io.copygate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting for an observable condition; never a bare sleep. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        AssertionError timeoutError = new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
            timeoutError.addSuppressed(last);
        }
        throw timeoutError;
    }
}
