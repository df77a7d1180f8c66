package org.cpmmss.james.store.postgresql;

import java.time.Clock;

import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.store.api.AnnotationStore;
import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FolderStore;
import org.cpmmss.james.store.api.MailStorage;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.james.store.api.SubscriptionStore;

/**
 * The {@link MailStorage} on a shared PostgreSQL ({@code storage.backend=postgresql}, docs/store.md "On
 * PostgreSQL"): folders, message metadata, single-instance contents (bytea), annotations and subscriptions in the
 * {@code mail_*} tables, plain JDBC over the node's {@link PostgresqlDatabase} pool. Several nodes may open it on one
 * database at once. Opening migrates the schema ({@value #MIGRATIONS}, history table {@value #HISTORY_TABLE}).
 * Closing leaves the pool open: it belongs to the node, and other stores share it.
 */
public final class PostgresqlStorage implements MailStorage {
    public static final String MIGRATIONS = "db/postgresql/mailstore";
    public static final String HISTORY_TABLE = "cpm_mailstore_schema_history";

    private final PgTransactor transactor;
    private final FolderStore folders;
    private final MessageStore messages;
    private final AnnotationStore annotations;
    private final SubscriptionStore subscriptions;
    private final RecordedKeys recordedKeys;

    private PostgresqlStorage(PostgresqlDatabase database, Clock clock) {
        this.transactor = new PgTransactor(database);
        this.folders = new PostgresqlFolderStore(transactor);
        this.messages = new PostgresqlMessageStore(transactor, clock);
        this.annotations = new PostgresqlAnnotationStore(transactor);
        this.subscriptions = new PostgresqlSubscriptionStore(transactor);
        this.recordedKeys = new PostgresqlRecordedKeys(transactor, clock);
    }

    /** Brings the schema to its newest version (safe when several nodes start at once) and opens the store. */
    public static PostgresqlStorage open(PostgresqlDatabase database, Clock clock) {
        database.migrate(MIGRATIONS, HISTORY_TABLE);
        return new PostgresqlStorage(database, clock);
    }

    @Override
    public FolderStore folders() {
        return folders;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public ContentReader content() {
        return address -> transactor.read(c -> ContentCatalog.read(c, address));
    }

    @Override
    public AnnotationStore annotations() {
        return annotations;
    }

    @Override
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    @Override
    public RecordedKeys recordedKeys() {
        return recordedKeys;
    }

    /** References counted for a content (0 once it is freed); for tests and admin tools. */
    public int references(long contentId) {
        return transactor.read(c -> ContentCatalog.references(c, contentId));
    }

    /** Contents stored (distinct byte strings); for tests and admin tools. */
    public long contents() {
        return transactor.read(c -> {
            try (var q = c.prepareStatement("SELECT count(*) FROM mail_content_bytes"); var rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        // nothing of its own: every write is committed when it returns, the pool is the node's
    }
}
