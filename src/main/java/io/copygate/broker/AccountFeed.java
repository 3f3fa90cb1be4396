package io.copygate.broker;

/**
 * A live stream of one account's trading events (a broker WebSocket, an HTTP stream, a poller).
 * It owns reconnecting and catching up after a gap; what it delivers may repeat across a
 * reconnect, so every event carries a stable id and the journal deduplicates.
 */
public interface AccountFeed extends AutoCloseable {

    /** Starts delivering to the listener; keeps reconnecting until closed. */
    void start(AccountFeedListener listener);

    /** Stops the feed and releases its connection. */
    @Override
    void close();
}
