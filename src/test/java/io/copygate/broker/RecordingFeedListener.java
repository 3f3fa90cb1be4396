package io.copygate.broker;

import io.copygate.signal.Fill;
import io.copygate.signal.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Collects what an account feed delivers, and waits (bounded) for it. For the venue feed tests. */
public final class RecordingFeedListener implements AccountFeedListener {
    public final List<Signal> signals = new CopyOnWriteArrayList<>();
    public final List<Fill> fills = new CopyOnWriteArrayList<>();
    public final List<String> states = new CopyOnWriteArrayList<>();

    @Override
    public void onSignal(Signal signal) {
        signals.add(signal);
    }

    @Override
    public void onFill(Fill fill) {
        fills.add(fill);
    }

    @Override
    public void onConnectionState(String state, String detail) {
        states.add(state + ": " + detail);
    }

    public List<Signal> awaitSignals(int count) {
        await(() -> signals.size() >= count, "at least " + count + " signals, have " + signals);
        return new ArrayList<>(signals);
    }

    public List<Fill> awaitFills(int count) {
        await(() -> fills.size() >= count, "at least " + count + " fills, have " + fills);
        return new ArrayList<>(fills);
    }

    public void awaitState(Predicate<String> state, String what) {
        await(() -> states.stream().anyMatch(state), what + "; states so far " + states);
    }

    /** Waits for the condition up to 10 s. */
    public static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
