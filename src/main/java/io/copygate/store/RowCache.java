package io.copygate.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Rows read on every delivery (an account, a link's rules) kept in memory between the writes that
 * change them. The store that owns a table owns its cache and calls {@link #invalidate} after each
 * write; a read racing a write never caches what the write replaced (the generation guard), so the
 * next read after a write always sees it. Assumes one gateway process per database (docs/operations.md).
 */
final class RowCache<K, V> {
    private final Map<K, V> rows = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** The cached row, or {@code load}'s; a null (no such row) is not cached. */
    V get(K key, Function<K, V> load) {
        V cached = rows.get(key);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        V loaded = load.apply(key);
        if (loaded != null) {
            rows.put(key, loaded);
            if (generation.get() != before) {
                rows.remove(key); // a write landed while we read: what we read may be the old row
            }
        }
        return loaded;
    }

    /** After a write that may have changed any cached row. */
    void invalidate() {
        generation.incrementAndGet();
        rows.clear();
    }
}
