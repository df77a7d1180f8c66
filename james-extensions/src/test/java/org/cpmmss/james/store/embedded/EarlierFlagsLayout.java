package org.cpmmss.james.store.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Turns a closed store's metadata into the layout before {@code message_flags}: the flags, keywords and MODSEQ
 * columns in {@code message} (filled from {@code message_flags}), its MODSEQ index, no {@code message_flags} table —
 * a data directory as the builds before the split wrote it, for the upgrade tests.
 */
public final class EarlierFlagsLayout {
    private EarlierFlagsLayout() {
    }

    /** {@code storeDirectory}: the directory of {@code meta.mv.db} (the data directory's {@code mailstore}). */
    public static void apply(Path storeDirectory) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + storeDirectory.resolve("meta").toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE message ADD COLUMN modseq BIGINT");
            s.execute("ALTER TABLE message ADD COLUMN flags INT");
            s.execute("ALTER TABLE message ADD COLUMN keywords VARCHAR");
            s.execute("UPDATE message m SET (modseq, flags, keywords) = (SELECT f.modseq, f.flags, f.keywords"
                + " FROM message_flags f WHERE f.folder_id = m.folder_id AND f.uid = m.uid)");
            s.execute("ALTER TABLE message ALTER COLUMN modseq SET NOT NULL");
            s.execute("ALTER TABLE message ALTER COLUMN flags SET NOT NULL");
            s.execute("ALTER TABLE message ALTER COLUMN keywords SET NOT NULL");
            s.execute("CREATE INDEX message_modseq ON message(folder_id, modseq)");
            s.execute("DROP TABLE message_flags");
        }
    }
}
