package org.cpmmss.james.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.StoredMessage;

/**
 * Writes folders and messages into an empty store with the identifiers they had in another store (the upgrade
 * from James's JPA mailbox): the folder's id, UIDVALIDITY, last UID and highest MODSEQ, and each message's UID and
 * MODSEQ, exactly as given. Bytes go through the single-instance catalog as for an append; each batch is one
 * forced write.
 */
public final class EmbeddedImport {
    /** One message as it was: its UID, MODSEQ and save date, with its content, flags and dates. */
    public record ImportedMessage(long uid, long modSeq, long saveDate, NewMessage message) {
    }

    private final Transactor transactor;
    private final BlobCatalog blobs;

    EmbeddedImport(Transactor transactor, BlobCatalog blobs) {
        this.transactor = transactor;
        this.blobs = blobs;
    }

    /** True while the store holds no folder (an import only goes into an empty store). */
    public boolean storeIsEmpty() {
        return transactor.read(tx -> {
            try (Statement s = tx.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM folder")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    /** Creates a folder with the given id and counters (the counters never go below what is given here). */
    public void folder(long id, FolderName name, long uidValidity, long lastUid, long highestModSeq) {
        transactor.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO folder(id, namespace, owner, name,"
                + " uid_validity, last_uid, highest_modseq) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, name.namespace());
                ps.setString(3, name.owner());
                ps.setString(4, name.name());
                ps.setLong(5, uidValidity);
                ps.setLong(6, lastUid);
                ps.setLong(7, highestModSeq);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Stores a batch of messages of one folder under their own UIDs and MODSEQs, in one forced write. */
    public void messages(long folderId, List<ImportedMessage> batch) {
        transactor.write(tx -> {
            for (ImportedMessage imported : batch) {
                NewMessage m = imported.message();
                BlobAddress header = blobs.store(tx, m.header());
                BlobAddress body = blobs.store(tx, m.body());
                MessageRows.insert(tx.connection(), new StoredMessage(folderId, imported.uid(), imported.modSeq(),
                    m.flags(), m.internalDate(), imported.saveDate(), m.messageId(), m.threadId(), m.mime(), header,
                    body));
                EmbeddedMessageStore.rememberKeywords(tx, folderId, m.flags());
            }
            return null;
        });
    }

    /** New folders get ids above every imported one (ids are never reused: the search index is keyed by them). */
    public void continueFolderIdsAbove(long highestUsed) {
        transactor.write(tx -> {
            long next;
            try (Statement s = tx.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM folder")) {
                rs.next();
                next = Math.max(rs.getLong(1), highestUsed) + 1;
            }
            try (Statement s = tx.connection().createStatement()) {
                s.execute("ALTER TABLE folder ALTER COLUMN id RESTART WITH " + next);
            }
            return null;
        });
    }
}
