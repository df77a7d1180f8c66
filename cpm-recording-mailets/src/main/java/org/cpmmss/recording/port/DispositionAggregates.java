package org.cpmmss.recording.port;

import java.util.Optional;

import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.verdict.OwnerVerdict;

/**
 * The aggregate disposition object of a group-chat message in its originator's store
 * ({@code cpm.notifications.aggregate}; format in docs/notifications.md): one object per message, replaced on
 * each new report. Adapter: {@code AggregateStore} (james-extensions).
 */
public interface DispositionAggregates {
    /** Records {@code entry} for the originator {@code owner} and replaces the aggregate object in {@code folder}. */
    OwnerVerdict.Filed update(String owner, String originatorUri, FolderPath folder, String referencedId,
                        Optional<String> conversationId, Optional<String> contributionId,
                        NotificationStateStore.Entry entry) throws StorageException;
}
