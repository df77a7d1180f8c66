package org.cpmmss.james.store.api;

import java.util.List;
import java.util.Optional;

/**
 * Folders of the message store. Every write returns only once it is forced to disk. Folder ids are numeric and
 * never reused, UIDVALIDITY is kept for the life of the folder.
 */
public interface FolderStore {
    /** @throws FolderExistsException when the name is taken */
    Folder create(FolderName name, long uidValidity);

    Optional<Folder> find(FolderName name);

    Optional<Folder> find(long folderId);

    /** Every folder of one owner in one namespace. */
    List<Folder> listOwned(String namespace, String owner);

    List<Folder> listAll();

    /** @throws FolderExistsException when the new name is taken */
    void rename(long folderId, FolderName newName);

    /** Deletes the folder, its messages (releasing their bytes) and its annotations. */
    void delete(long folderId);

    /** Whether any folder of the same owner and namespace is named {@code name + delimiter + …}. */
    boolean hasChildren(FolderName name, char delimiter);

    FolderCounters counters(long folderId);

    /**
     * The folder's allocators only — last UID and highest MODSEQ ever allocated — from the folder's own row, without
     * counting its messages; the message and unseen counts of the answer are -1 (not read).
     */
    FolderCounters allocators(long folderId);
}
