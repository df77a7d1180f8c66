package org.cpmmss.james.server;

import java.io.File;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.LMTPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.NaiveDelegationStoreModule;
import org.cpmmss.james.deferred.CpmDeferredModule;
import org.cpmmss.james.doors.LmtpDoorModule;
import org.cpmmss.james.http.CpmHttpApiModule;
import org.cpmmss.james.notifications.NotificationsModule;
import org.cpmmss.james.imap.core.ImapCoreModule;
import org.cpmmss.james.imap.profile.ImapProfileModule;
import org.cpmmss.james.server.modules.ActiveMQMailQueueModule;
import org.cpmmss.james.server.modules.CpmPolicyModule;
import org.cpmmss.james.server.modules.CpmRecordingModule;
import org.cpmmss.james.server.modules.CpmSettingsModule;
import org.cpmmss.james.server.modules.DataDirectoryModule;
import org.cpmmss.james.server.modules.JamesInternalsCheckModule;
import org.cpmmss.james.server.modules.JpaDataModule;
import org.cpmmss.james.server.modules.PostgresqlJamesDatabaseModule;
import org.cpmmss.james.server.modules.PostgresqlStateModule;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.server.modules.JpaMailboxModule;
import org.cpmmss.james.server.modules.LocalEventBusModule;
import org.cpmmss.james.server.modules.RabbitMqEventBusModule;
import org.cpmmss.james.server.modules.UuidMessageIdModule;
import org.cpmmss.james.server.modules.LuceneSearchModule;
import org.cpmmss.james.server.modules.PostgresqlSearchModule;
import org.cpmmss.james.server.modules.OpsModule;
import org.cpmmss.james.server.modules.OutboundRouteModule;
import org.cpmmss.james.server.modules.PostgresqlMailboxModule;
import org.cpmmss.james.server.modules.WebAdminExposureCheckModule;
import org.cpmmss.james.server.modules.WebAdminJwtModule;
import org.cpmmss.james.sip.SipBridgeModule;
import org.cpmmss.james.server.modules.NativeMailboxModule;
import org.cpmmss.james.server.modules.OnFirstUseEventSerializerModule;
import org.cpmmss.james.store.wiring.StorageSelection;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The cpm-mss assembly: which James parts run (IMAP, SMTP, LMTP, WebAdmin, the mailet container on a
 * persistent queue, the JPA mailbox on H2 with Lucene search) and which stay out (POP3, ManageSieve, JMAP).
 */
public final class CpmMssServer {
    /** System property that configuration files use as {@code ${sys:cpm.data.dir}}. */
    public static final String DATA_DIRECTORY_PROPERTY = "cpm.data.dir";

    private static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new WebAdminExposureCheckModule(),
        new DataRoutesModules(),
        new MailboxRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule(),
        new ReIndexingModule(),
        new WebAdminReIndexingTaskSerializationModule(),
        new CpmHttpApiModule(),
        new OpsModule());

    private static final Module PROTOCOLS = Modules.combine(
        new IMAPServerModule(),
        new LMTPServerModule(),
        new SMTPServerModule(),
        new org.cpmmss.james.imap.notify.NotifyModule(), // IMAP NOTIFY: registry + event listener (docs/imap-notify-sort.md)
        new JamesInternalsCheckModule(), // the private James members NOTIFY and the IMAP profile reach (docs/architecture.md)
        new ProtocolHandlerModule());

    /**
     * The storage modules around the mailbox and search modules that {@code conf/storage.properties} selects, and
     * the event bus it selects (which overrides James's in-VM bus and, for RabbitMQ, the message id type:
     * docs/scale-out.md).
     */
    private static Module storage(Module mailbox, Module search, Module events) {
        return Modules.override(Modules.combine(
        new ActiveMQMailQueueModule(),
        new JpaDataModule(),
        mailbox,
        search,
        new MailboxModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule(),
        new NaiveDelegationStoreModule(),
        new TaskManagerModule())).with(events, new OnFirstUseEventSerializerModule());
    }

    private static final Module MAILETS = Modules.combine(
        new MailetProcessingModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new RawPostDequeueDecoratorModule(),
        new NoJwtModule());

    private static final Module RECORDING = Modules.combine(
        new DataDirectoryModule(),
        new CpmSettingsModule(),
        new CpmPolicyModule(),
        new CpmRecordingModule(),
        new NotificationsModule(),
        new OutboundRouteModule(),
        new CpmDeferredModule());

    private CpmMssServer() {
    }

    /** The modules every cpm-mss server runs; tests and the main class add overrides on top. */
    public static List<Module> modules() {
        return modules(StorageSelection.DEFAULT);
    }

    /** The modules with the mailbox backend chosen by {@code conf/storage.properties} (docs/store.md). */
    public static List<Module> modules(StorageSelection selection) {
        if (selection.rabbitmqEvents() && !selection.postgresqlBackend() && !selection.nativeMailbox()) {
            throw new IllegalArgumentException("events.backend=rabbitmq needs storage.embedded.mailbox=native: the"
                + " message ids of James's JPA mailbox cannot travel in events (docs/scale-out.md)");
        }
        Module mailbox;
        if (selection.postgresqlBackend()) {
            mailbox = new PostgresqlMailboxModule();
        } else {
            mailbox = selection.nativeMailbox() ? new NativeMailboxModule() : new JpaMailboxModule();
        }
        // the selection itself, for the modules that depend on it (PostgresqlModule, backup)
        Module selected = binder -> binder.bind(StorageSelection.class).toInstance(selection);
        List<Module> modules = List.of(storage(mailbox, search(selection), events(selection)), selected, MAILETS, RECORDING, PROTOCOLS,
            WEBADMIN, new SipBridgeModule());
        if (selection.postgresqlBackend()) {
            // the project's state, users and domains on the shared PostgreSQL (docs/scale-out.md); the node's pool
            // comes from PostgresqlModule, which the PostgreSQL mailbox module installs
            PostgresqlSettings postgresql = selection.postgresql().orElseThrow();
            return List.of(Modules.override(modules).with(new PostgresqlStateModule(),
                new PostgresqlJamesDatabaseModule(postgresql)));
        }
        return modules;
    }

    /** The event bus {@code events.backend} selects (docs/scale-out.md). */
    private static Module events(StorageSelection selection) {
        if (selection.rabbitmqEvents()) {
            // events carry message ids: James's default ones cannot be serialized, both stores take UUID ones
            return Modules.combine(new RabbitMqEventBusModule(selection.rabbitmqUri().orElseThrow()),
                new UuidMessageIdModule());
        }
        return new LocalEventBusModule();
    }

    /** Search: the embedded Lucene index, or the index shared in PostgreSQL (issue 23, docs/scale-out.md). */
    static Module search(StorageSelection selection) {
        return selection.postgresqlBackend() ? new PostgresqlSearchModule() : new LuceneSearchModule();
    }

    public static GuiceJamesServer create(File confDirectory, File dataDirectory, Module... overrides) {
        return GuiceJamesServer.forConfiguration(configuration(confDirectory, dataDirectory))
            .combineWith(modules(StorageSelection.read(confDirectory)))
            .overrideWith(new ImapProfileModule(), new ImapCoreModule(), new LmtpDoorModule(), new WebAdminJwtModule())
            .overrideWith(overrides);
    }

    /** The server's directories; sets {@value #DATA_DIRECTORY_PROPERTY}, which configuration files refer to. */
    public static CpmMssConfiguration configuration(File confDirectory, File dataDirectory) {
        CpmMssDirectories directories = new CpmMssDirectories(confDirectory, dataDirectory);
        System.setProperty(DATA_DIRECTORY_PROPERTY, directories.dataDirectory().getPath());
        return new CpmMssConfiguration(directories);
    }
}
