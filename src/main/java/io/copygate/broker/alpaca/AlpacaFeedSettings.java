package io.copygate.broker.alpaca;

import java.time.Duration;

/**
 * How a master's trade_updates feed behaves.
 *
 * @param initialBackoff  first wait before reconnecting; doubles up to {@code maxBackoff}
 * @param keepAlive       interval of the listen message re-sent as a heartbeat (Alpaca acknowledges
 *                        each one, so a silent account still proves its connection alive)
 * @param idleTimeout     reconnect when nothing at all arrived for this long (more than {@code keepAlive})
 * @param restartLookback how far before its start a new feed catches up (0: only what happens from
 *                        now on; more replays older events, which the journal drops as repeats)
 */
public record AlpacaFeedSettings(Duration initialBackoff, Duration maxBackoff, Duration keepAlive,
        Duration idleTimeout, Duration restartLookback) {

    public static AlpacaFeedSettings defaults() {
        return new AlpacaFeedSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(75), Duration.ZERO);
    }
}
