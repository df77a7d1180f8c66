package org.cpmmss.recording.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;

import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.port.ConversationStore;
import org.cpmmss.recording.port.StorageException;
import org.cpmmss.recording.verdict.OwnerVerdict;

/** A {@link ConversationStore} in memory: one list of messages per owner and folder, once per key. */
final class InMemoryConversationStore implements ConversationStore {
    /** One stored message. */
    record Stored(String owner, String folder, String key, byte[] bytes, Flags flags, long uid) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static final long UID_VALIDITY = 7;
    private final List<Stored> messages = new ArrayList<>();
    private final Map<String, Stored> byKey = new LinkedHashMap<>();
    private boolean failing;

    /** From now on every store fails (storage unavailable). */
    void fail() {
        failing = true;
    }

    List<Stored> messages() {
        return List.copyOf(messages);
    }

    List<Stored> of(String owner) {
        return messages.stream().filter(m -> m.owner().equalsIgnoreCase(owner)).toList();
    }

    /** Puts a message as if an earlier delivery had stored it. */
    Stored put(String owner, String folder, String key, byte[] bytes, Flags flags) {
        Stored stored = new Stored(owner, folder, key, bytes, new Flags(flags), messages.size() + 1);
        messages.add(stored);
        byKey.put(owner.toLowerCase(Locale.ROOT) + "\n" + key, stored);
        return stored;
    }

    @Override
    public OwnerVerdict.Filed store(String owner, FolderPath folder, String key, byte[] bytes, boolean seen) throws StorageException {
        return store(owner, folder, key, bytes, seen ? new Flags(Flags.Flag.SEEN) : new Flags());
    }

    @Override
    public OwnerVerdict.Filed store(String owner, FolderPath folder, String key, byte[] bytes, Flags flags) throws StorageException {
        if (failing) {
            throw new StorageException("store unavailable");
        }
        Stored earlier = byKey.get(owner.toLowerCase(Locale.ROOT) + "\n" + key);
        if (earlier != null) {
            return new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.ALREADY_STORED, Optional.of(earlier.folder()), UID_VALIDITY,
                earlier.uid());
        }
        Stored stored = put(owner, folder.path(), key, bytes, flags);
        return new OwnerVerdict.Stored(folder.path(), UID_VALIDITY, stored.uid());
    }

    @Override
    public Optional<StoredCopy> storedCopy(String owner, FolderPath folder, long uid) {
        return messages.stream().filter(m -> m.owner().equalsIgnoreCase(owner) && m.folder().equals(folder.path())
                && m.uid() == uid)
            .findFirst().map(m -> new StoredCopy("folder:" + owner + ":" + m.folder(), m.flags()));
    }
}
