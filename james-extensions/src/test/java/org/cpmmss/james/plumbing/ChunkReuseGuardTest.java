package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChunkReuseGuard} on a real H2 file store with {@code RETENTION_TIME=0}: after a forced chunk, chunk writes
 * that are not forced yet (H2's background writer, a compaction's chunk) never write over a chunk the forced state
 * references — so a power loss before the next force leaves the forced state readable. Without the guard the same
 * writes do reuse that space (the control case: the test can fail).
 */
class ChunkReuseGuardTest {
    private static final int BLOCK = 4096;
    private static final Pattern CHUNK_HEADER = Pattern.compile("^chunk:([0-9a-f]+),len:([0-9a-f]+),");

    @TempDir
    Path directory;

    @Test
    void unforcedChunksDoNotOverwriteTheForcedState() throws Exception {
        assertThat(overwrittenForcedChunks(true)).isEmpty();
    }

    @Test
    void withoutTheGuardAZeroRetentionOverwritesTheForcedState() throws Exception {
        assertThat(overwrittenForcedChunks(false)).isNotEmpty();
    }

    @Test
    void chunksDeadBeforeAForceAreReusedAfterIt() throws Exception {
        Path file = directory.resolve("reuse.mv");
        ChunkReuseGuard guard = new ChunkReuseGuard();
        try (MVStore store = open(file); FileChannel forcer = FileChannel.open(file, StandardOpenOption.READ)) {
            guard.opened(store);
            MVMap<Integer, String> map = store.openMap("kv");
            for (int round = 0; round < 400; round++) {
                for (int k = 0; k < 20; k++) {
                    map.put(k, "value " + round + " of " + k + " ".repeat(200));
                }
                guard.writeAndForce(store, () -> {
                    store.commit();
                    forcer.force(false);
                });
            }
            // 400 forced chunks of ~8 KiB each: with the dead ones reused after the next force the file stays small
            assertThat(Files.size(file)).isLessThan(400L * 8 * 1024 / 10);
            guard.release(store);
        }
        try (MVStore again = open(file)) {
            MVMap<Integer, String> map = again.openMap("kv");
            assertThat(map.get(7)).startsWith("value 399 of 7");
        }
    }

    /** Chunks referenced by the state forced last whose bytes unforced chunk writes changed afterwards. */
    private List<Long> overwrittenForcedChunks(boolean guarded) throws Exception {
        Path file = directory.resolve(guarded ? "guarded.mv" : "unguarded.mv");
        ChunkReuseGuard guard = new ChunkReuseGuard();
        try (MVStore store = open(file); FileChannel forcer = FileChannel.open(file, StandardOpenOption.READ)) {
            if (guarded) {
                guard.opened(store);
            }
            MVMap<Integer, String> map = store.openMap("kv");
            for (int round = 0; round < 50; round++) {
                for (int k = 0; k < 20; k++) {
                    map.put(k, "value " + round + " of " + k + " ".repeat(200));
                }
                forced(guard, guarded, store, forcer);
            }
            byte[] forcedImage = Files.readAllBytes(file);
            List<long[]> referenced = referencedChunks(file, forcedImage);
            for (int round = 0; round < 30; round++) { // chunks written, not forced yet
                for (int k = 0; k < 20; k++) {
                    map.put(k, "later " + round + " of " + k + " ".repeat(200));
                }
                store.commit();
            }
            byte[] now = Files.readAllBytes(file);
            List<Long> overwritten = new ArrayList<>();
            for (long[] chunk : referenced) {
                int from = (int) (chunk[1] * BLOCK);
                int to = (int) ((chunk[1] + chunk[2]) * BLOCK);
                if (now.length < to || !Arrays.equals(forcedImage, from, to, now, from, to)) {
                    overwritten.add(chunk[0]);
                }
            }
            guard.release(store);
            return overwritten;
        }
    }

    private static void forced(ChunkReuseGuard guard, boolean guarded, MVStore store, FileChannel forcer)
            throws IOException {
        ChunkReuseGuard.ForcedWrite write = () -> {
            store.commit();
            forcer.force(false);
        };
        if (guarded) {
            guard.writeAndForce(store, write);
        } else {
            write.run();
        }
    }

    /**
     * The chunks the state in {@code image} references: those its layout lists with live pages, and its last chunk
     * (the one with the highest id found in the file; a chunk's own entry is in the next chunk's layout). Each as
     * {id, block, length}.
     */
    private List<long[]> referencedChunks(Path file, byte[] image) throws IOException {
        Path copy = directory.resolve("image-" + file.getFileName());
        Files.write(copy, image);
        List<long[]> chunks = new ArrayList<>();
        long lastId = -1;
        long[] last = null;
        for (int block = 2; (long) (block + 1) * BLOCK <= image.length; block++) {
            Matcher header = CHUNK_HEADER.matcher(new String(image, block * BLOCK, 64, StandardCharsets.ISO_8859_1));
            if (header.find()) {
                long id = Long.parseLong(header.group(1), 16);
                if (id > lastId) {
                    lastId = id;
                    last = new long[] {id, block, Long.parseLong(header.group(2), 16)};
                }
            }
        }
        chunks.add(last);
        try (MVStore forcedState = new MVStore.Builder().fileName(copy.toString()).readOnly().open()) {
            for (Map.Entry<String, String> entry : forcedState.getLayoutMap().entrySet()) {
                if (entry.getKey().startsWith("chunk.")) {
                    Map<String, String> chunk = org.h2.mvstore.DataUtils.parseMap(entry.getValue());
                    long block = Long.parseLong(chunk.get("block"), 16);
                    long len = Long.parseLong(chunk.get("len"), 16);
                    boolean live = !"0".equals(chunk.get("livePages")); // dead ones are not read at a recovery
                    if (len > 0 && live) {
                        chunks.add(new long[] {Long.parseLong(entry.getKey().substring(6), 16), block, len});
                    }
                }
            }
        }
        return chunks;
    }

    private static MVStore open(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        store.setRetentionTime(0);
        return store;
    }
}
