package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.InVMEventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.cpmmss.james.store.api.SharedForce;
import org.cpmmss.james.store.api.StoreException;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.cpmmss.james.store.embedded.StoreFiles;
import org.cpmmss.james.testing.FullDiskFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Mono;

/**
 * An append made with a shared force is announced to the folder's listeners (the selected IMAP sessions) only once
 * the force has made it durable; when the force fails, it is never announced, and the next append to the folder is
 * announced at once (it does not wait for the lost one's turn).
 */
class HeldAnnouncementsTest {
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private EmbeddedStorage storage;
    private final List<Long> announced = new CopyOnWriteArrayList<>();
    private final List<Long> flagsAnnounced = new CopyOnWriteArrayList<>();
    private final List<Integer> flagEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        FullDiskFileSystem.free();
        if (storage != null) {
            storage.close();
        }
    }

    private MessageManager inbox(MailboxSession session) throws Exception {
        FullDiskFileSystem.install();
        storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(Files.createDirectories(dir.resolve("store")))
            .withFiles(new StoreFiles(FullDiskFileSystem.SCHEME + ":")).withoutMaintenance(), Clock.systemUTC());
        InVMEventBus bus = NativeMailboxManagerAssembly.eventBus();
        NativeMailboxManager manager = NativeMailboxManagerAssembly.create(storage, bus);
        MailboxSession owner = manager.createSystemSession(Username.of("alice@example.com"));
        MailboxId id = manager.createMailbox(MailboxPath.inbox(owner), owner).orElseThrow();
        Mono.from(bus.register(new Listener(), new MailboxIdRegistrationKey(id))).block();
        this.manager = manager;
        return manager.getMailbox(id, session == null ? owner : session);
    }

    private NativeMailboxManager manager;

    private final class Listener implements EventListener.ReactiveEventListener {
        @Override
        public ExecutionMode getExecutionMode() {
            return ExecutionMode.SYNCHRONOUS;
        }

        @Override
        public Mono<Void> reactiveEvent(Event event) {
            return Mono.fromRunnable(() -> {
                if (event instanceof Added added) {
                    added.getUids().forEach(uid -> announced.add(uid.asLong()));
                }
                if (event instanceof FlagsUpdated flags) {
                    flagEvents.add(flags.getUpdatedFlags().size());
                    flags.getUpdatedFlags().forEach(u -> flagsAnnounced.add(u.getUid().asLong()));
                }
            });
        }
    }

    /** A session of the owner whose appends join {@code force}, as the recording pipeline's filing hands it over. */
    private MailboxSession sessionFilingWith(SharedForce force) {
        MailboxSession session = manager.createSystemSession(Username.of("alice@example.com"));
        session.getAttributes().put(SharedForce.SESSION_ATTRIBUTE, force);
        return session;
    }

    private static MessageManager.AppendCommand message() {
        return MessageManager.AppendCommand.builder().build(MESSAGE);
    }

    @Test
    void anAppendWithASharedForceIsAnnouncedOnceTheForceHasMadeItDurable() throws Exception {
        MessageManager inbox = inbox(null);
        SharedForce force = storage.shareForce();
        MailboxSession session = sessionFilingWith(force);

        long uid = inbox.appendMessage(message(), session).getId().getUid().asLong();
        assertThat(announced).as("committed, not forced: not announced").isEmpty();

        force.complete();
        assertThat(announced).containsExactly(uid);
    }

    @Test
    void anAppendWhoseSharedForceFailedIsNeverAnnouncedAndTheNextOneIsAnnouncedAtOnce() throws Exception {
        MessageManager inbox = inbox(null);
        SharedForce force = storage.shareForce();
        inbox.appendMessage(message(), sessionFilingWith(force));

        FullDiskFileSystem.failForcesOf("meta.mv.db");
        assertThatThrownBy(force::complete).isInstanceOf(StoreException.class);
        FullDiskFileSystem.free();
        assertThat(announced).isEmpty();

        MailboxSession plain = manager.createSystemSession(Username.of("alice@example.com"));
        long started = System.nanoTime();
        long next = inbox.appendMessage(message(), plain).getId().getUid().asLong();
        await().atMost(Duration.ofSeconds(5)).until(() -> announced.contains(next));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("not held up by the lost append's turn (the order's wait is 2 s)")
            .isLessThan(Duration.ofMillis(1500));
        assertThat(announced).containsExactly(next);
    }

    @Test
    void aFlagChangeWithASharedForceIsAnnouncedOnceDurableAndNeverWhenItsForceFails() throws Exception {
        MessageManager inbox = inbox(null);
        MailboxSession plain = manager.createSystemSession(Username.of("alice@example.com"));
        long first = inbox.appendMessage(message(), plain).getId().getUid().asLong();
        long second = inbox.appendMessage(message(), plain).getId().getUid().asLong();

        SharedForce force = storage.shareForce();
        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD,
            MessageRange.one(MessageUid.of(first)), sessionFilingWith(force));
        assertThat(flagsAnnounced).as("committed, not forced: not announced").isEmpty();
        force.complete();
        assertThat(flagsAnnounced).containsExactly(first);

        SharedForce lost = storage.shareForce();
        inbox.setFlags(new Flags(Flags.Flag.FLAGGED), MessageManager.FlagsUpdateMode.ADD,
            MessageRange.one(MessageUid.of(second)), sessionFilingWith(lost));
        FullDiskFileSystem.failForcesOf("meta.mv.db");
        assertThatThrownBy(lost::complete).isInstanceOf(StoreException.class);
        FullDiskFileSystem.free();
        assertThat(flagsAnnounced).as("a lost change is never announced").containsExactly(first);

        inbox.setFlags(new Flags(Flags.Flag.ANSWERED), MessageManager.FlagsUpdateMode.ADD,
            MessageRange.one(MessageUid.of(second)), plain);
        assertThat(flagsAnnounced).as("a change on its own is announced at once").containsExactly(first, second);
    }

    @Test
    void theFlagChangesOfOneForceAreAnnouncedAsOneEventOnceItHasCompleted() throws Exception {
        MessageManager inbox = inbox(null);
        MailboxSession plain = manager.createSystemSession(Username.of("alice@example.com"));
        long first = inbox.appendMessage(message(), plain).getId().getUid().asLong();
        inbox.appendMessage(message(), plain);
        long third = inbox.appendMessage(message(), plain).getId().getUid().asLong();

        SharedForce force = storage.shareForce();
        MailboxSession storing = sessionFilingWith(force);
        // two ranges of one STORE: two changes, two MODSEQs, one force
        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD,
            MessageRange.one(MessageUid.of(first)), storing);
        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD,
            MessageRange.one(MessageUid.of(third)), storing);
        assertThat(flagEvents).isEmpty();

        force.complete();

        assertThat(flagEvents).as("one event for the force's two changes").containsExactly(2);
        assertThat(flagsAnnounced).containsExactly(first, third);
    }
}
