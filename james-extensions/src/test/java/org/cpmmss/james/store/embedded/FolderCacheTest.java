package org.cpmmss.james.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.junit.jupiter.api.Test;

/**
 * The folder cache's rules on their own: a folder is read once, a change forgets it, a read that raced with a change
 * is not kept, and the cache never holds more than its capacity.
 */
class FolderCacheTest {
    private static Folder folder(long id, String name) {
        return new Folder(id, new FolderName("#private", "+33600000001@cpm", name), 1);
    }

    @Test
    void readsOnceForgetsOnChangeAndStaysBounded() {
        FolderCache cache = new FolderCache(3);
        AtomicInteger reads = new AtomicInteger();
        assertThat(cache.find(1, id -> { reads.incrementAndGet(); return Optional.of(folder(id, "a")); }))
            .contains(folder(1, "a"));
        assertThat(cache.find(1, id -> { reads.incrementAndGet(); return Optional.of(folder(id, "x")); }))
            .contains(folder(1, "a"));
        assertThat(reads).hasValue(1);

        cache.changed(1);
        assertThat(cache.find(1, id -> Optional.of(folder(id, "b")))).contains(folder(1, "b"));

        // a read during which the folder changed is answered but not kept
        assertThat(cache.find(2, id -> { cache.changed(2); return Optional.of(folder(id, "old")); }))
            .contains(folder(2, "old"));
        assertThat(cache.find(2, id -> Optional.of(folder(id, "new")))).contains(folder(2, "new"));

        assertThat(cache.find(9, id -> Optional.empty())).isEmpty();
        for (long id = 3; id <= 10; id++) {
            long n = id;
            assertThat(cache.find(n, i -> Optional.of(folder(i, "f" + n)))).contains(folder(n, "f" + n));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.find(10, id -> Optional.of(folder(id, "other")))).contains(folder(10, "f10"));
    }
}
