package org.cpmmss.james.store.api;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** IMAP METADATA entries of folders (e.g. {@code /private/vendor/cpm/recording} on INBOX). */
public interface AnnotationStore {
    /** All entries of a folder, sorted by entry name. */
    SortedMap<String, String> all(long folderId);

    Optional<String> get(long folderId, String entry);

    /** Inserts or replaces an entry. */
    void put(long folderId, String entry, String value);

    void remove(long folderId, String entry);

    /** Entries whose name starts with {@code prefix} (case-insensitive as IMAP entry names are). */
    Map<String, String> withPrefix(long folderId, String prefix);
}
