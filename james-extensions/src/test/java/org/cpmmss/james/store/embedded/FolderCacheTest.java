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

    @Test
    void byNameReadsOnceForgetsOnChangeAndKeepsNoAbsence() {
        FolderCache cache = new FolderCache(3);
        AtomicInteger reads = new AtomicInteger();
        FolderName a = folder(1, "a").name();
        assertThat(cache.find(a, n -> { reads.incrementAndGet(); return Optional.of(folder(1, "a")); }))
            .contains(folder(1, "a"));
        assertThat(cache.find(a, n -> { reads.incrementAndGet(); return Optional.of(folder(5, "a")); }))
            .contains(folder(1, "a"));
        assertThat(reads).hasValue(1);
        // the same folder by id: no read either
        assertThat(cache.find(1, id -> Optional.of(folder(id, "x")))).contains(folder(1, "a"));

        // a rename (or deletion) forgets the folder under its old name
        cache.changed(1);
        assertThat(cache.find(a, n -> Optional.empty())).isEmpty();
        // an absent name is asked again: a folder created under it is found
        assertThat(cache.find(a, n -> Optional.of(folder(2, "a")))).contains(folder(2, "a"));

        // a read by name during which the folder changed is answered but not kept
        FolderName b = folder(3, "b").name();
        assertThat(cache.find(b, n -> { cache.changed(3); return Optional.of(folder(3, "b")); })).contains(folder(3, "b"));
        assertThat(cache.find(b, n -> Optional.of(folder(4, "b")))).contains(folder(4, "b"));

        for (long id = 10; id <= 20; id++) {
            long n = id;
            assertThat(cache.find(folder(n, "f" + n).name(), x -> Optional.of(folder(n, "f" + n))))
                .contains(folder(n, "f" + n));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        cache.changed(20);
        assertThat(cache.find(folder(20, "f20").name(), x -> Optional.empty())).isEmpty();
    }
}
