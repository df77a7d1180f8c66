package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.InVMEventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.store.BatchSizes;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.MessageFactory;
import org.apache.james.mailbox.store.MessageStorer;
import org.apache.james.mailbox.store.NoMailboxPathLocker;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/**
 * The native store's own append ({@link FolderAppend}) stores what James 3.8.1's append stores for the same bytes:
 * James's {@code StoreMessageManager} (with the message storer James's JPA mailbox uses) appends each message of a
 * corpus of odd and ordinary MIME shapes to one folder of the same store, the native manager to another, and every
 * stored row agrees — size, where the header ends, header and body bytes, media type, subtype, text line count, every
 * MIME property in order (what BODYSTRUCTURE, BODY and FETCH of header and body are answered from), flags, internal
 * date — as do the answers (UID, size) and the Added events (UIDs, flags, size, delivery mark).
 */
class NativeAppendMatchesJamesTest {
    private static final Date INTERNAL_DATE = new Date(1_700_000_000_000L);

    private NativeStoreFixture fixture;
    private NativeMailboxManager manager;
    private MailboxSession session;
    private final List<Added> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void assemble() {
        fixture = new NativeStoreFixture(Clock.systemUTC());
        InVMEventBus bus = NativeMailboxManagerAssembly.eventBus();
        manager = NativeMailboxManagerAssembly.create(fixture.storage, bus);
        session = manager.createSystemSession(Username.of("alice@example.com"));
        Mono.from(bus.register(new Recorder(), new MailboxIdRegistrationKey(id("ours")))).block();
        Mono.from(bus.register(new Recorder(), new MailboxIdRegistrationKey(id("james")))).block();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private MailboxId id(String name) {
        try {
            MailboxPath path = MailboxPath.forUser(session.getUser(), name);
            return Boolean.TRUE.equals(Mono.from(manager.mailboxExists(path, session)).block())
                ? manager.getMailbox(path, session).getId()
                : manager.createMailbox(path, session).orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Recorder implements EventListener.ReactiveEventListener {
        @Override
        public ExecutionMode getExecutionMode() {
            return ExecutionMode.SYNCHRONOUS;
        }

        @Override
        public Mono<Void> reactiveEvent(Event event) {
            return Mono.fromRunnable(() -> {
                if (event instanceof Added added) {
                    events.add(added);
                }
            });
        }
    }

    /**
     * James's own append into {@code folder}: its StoreMessageManager, as James's JPA mailbox builds it, keeping
     * keywords as the native folders do.
     */
    private StoreMessageManager jamesAppend(MessageManager folder) throws Exception {
        MailboxSessionMapperFactory mappers = manager.getMapperFactory();
        SessionProviderImpl sessions = new SessionProviderImpl(null, null);
        QuotaComponents quota = QuotaComponents.disabled(sessions, mappers);
        return new StoreMessageManager(StoreMailboxManager.DEFAULT_NO_MESSAGE_CAPABILITIES, mappers, null,
            manager.getEventBus(), new NoMailboxPathLocker(), folder.getMailboxEntity(), quota.getQuotaManager(),
            quota.getQuotaRootResolver(), BatchSizes.defaultValues(),
            new StoreRightManager(mappers, new UnionMailboxACLResolver(), manager.getEventBus()),
            PreDeletionHooks.NO_PRE_DELETION_HOOK, new MessageStorer.WithoutAttachment(mappers,
                new DefaultMessageId.Factory(), new MessageFactory.StoreMessageFactory(),
                new NaiveThreadIdGuessingAlgorithm(), Clock.systemUTC())) {
            @Override
            public Flags getPermanentFlags(MailboxSession session) {
                Flags permanent = super.getPermanentFlags(session);
                permanent.add(Flags.Flag.USER);
                return permanent;
            }
        };
    }

    private static Map<String, String> corpus() {
        Map<String, String> messages = new LinkedHashMap<>();
        messages.put("plain, no Content-Type", "From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\nworld\r\n");
        messages.put("text with charset, flowed, quoted-printable, languages",
            "Content-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                + "Content-Language: en, fr\r\n\r\ncaf=C3=A9\r\n\r\nbye");
        messages.put("upper-case type and charset",
            "Content-Type: TEXT/PLAIN; CHARSET=ISO-8859-1\r\n\r\nx\r\n");
        messages.put("multipart with preamble, epilogue, disposition",
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\nContent-Disposition: inline; filename=\"a.txt\"\r\n"
                + "\r\npreamble\r\n--b1\r\nContent-Type: text/plain\r\n\r\none\r\n--b1\r\n"
                + "Content-Type: application/octet-stream\r\n\r\ntwo\r\n--b1--\r\nepilogue\r\n");
        messages.put("id, description, location, md5",
            "Content-Type: image/png; name=x.png\r\nContent-ID: <id1@example.com>\r\nContent-Description: a picture\r\n"
                + "Content-Location: http://example.com/x.png\r\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n");
        messages.put("RFC 2231 parameters",
            "Content-Type: application/octet-stream; name*=utf-8''%E2%82%AC.bin\r\n"
                + "Content-Disposition: attachment; filename*0=\"long\"; filename*1=\"name.bin\"; size=12\r\n\r\nabc");
        messages.put("folded header fields, message/rfc822",
            "Subject: a\r\n long\r\n\tsubject\r\nContent-Type: message/rfc822;\r\n name=inner\r\n\r\n"
                + "Subject: inner\r\n\r\ninner body\r\n");
        messages.put("a CPIM object", "From: <tel:+33600000001>\r\nContent-Type: message/cpim\r\n"
            + "Message-Direction: sent\r\n\r\nFrom: <tel:+33600000001>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
            + "imdn.Message-ID: abc\r\n\r\nContent-Type: text/plain;charset=UTF-8\r\n\r\nhello\r\n");
        messages.put("header only, no empty line", "Subject: only a header\r\nFrom: a@example.com\r\n");
        messages.put("empty body", "Subject: empty\r\n\r\n");
        messages.put("LF line ends", "Subject: lf\nContent-Type: text/plain\n\nline one\nline two\r\n\r\nthree\n");
        messages.put("bare CRs in a text body", "Content-Type: text/html\r\n\r\n<p>\ra\r\rb</p>\r\n");
        messages.put("a header line without a colon",
            "Subject: x\r\nthis is not a field\r\nContent-Type: text/plain\r\n\r\nbody\r\n");
        messages.put("empty message", "");
        messages.put("no header at all", "\r\njust a body\r\n");
        messages.put("long text body", "Content-Type: text/plain\r\n\r\n" + "a line of text\r\n".repeat(2000));
        return messages;
    }

    @Test
    void eachMessageIsStoredAndAnnouncedAsJamesStoresAndAnnouncesIt() throws Exception {
        MessageManager ours = manager.getMailbox(MailboxPath.forUser(session.getUser(), "ours"), session);
        MessageManager theirs = manager.getMailbox(MailboxPath.forUser(session.getUser(), "james"), session);
        StoreMessageManager james = jamesAppend(theirs);
        assertThat(ours).isInstanceOf(NativeMessageManager.class);
        List<String> names = new ArrayList<>(corpus().keySet());
        int i = 0;
        for (Map.Entry<String, String> message : corpus().entrySet()) {
            byte[] bytes = message.getValue().getBytes(StandardCharsets.UTF_8);
            Flags flags = new Flags(Flags.Flag.SEEN);
            flags.add("$Keyword" + i);
            MessageManager.AppendCommand command = MessageManager.AppendCommand.builder()
                .withFlags(flags).withInternalDate(INTERNAL_DATE).isDelivery(i % 2 == 0).isRecent(i % 3 == 0)
                .build(bytes);
            MessageManager.AppendResult a = i % 4 == 1
                ? Mono.from(ours.appendMessageReactive(command, session)).block()
                : ours.appendMessage(command, session);
            MessageManager.AppendResult b = james.appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(flags)).withInternalDate(INTERNAL_DATE).isDelivery(i % 2 == 0)
                .isRecent(i % 3 == 0).build(bytes), session);
            assertThat(a.getId().getUid()).as(message.getKey()).isEqualTo(b.getId().getUid());
            assertThat(a.getSize()).as(message.getKey()).isEqualTo(b.getSize()).isEqualTo(bytes.length);
            i++;
        }

        List<StoredMessage> ourRows = rows(ours);
        List<StoredMessage> jamesRows = rows(theirs);
        assertThat(ourRows).hasSize(names.size());
        for (int m = 0; m < names.size(); m++) {
            StoredMessage x = ourRows.get(m);
            StoredMessage y = jamesRows.get(m);
            String name = names.get(m);
            assertThat(x.size()).as(name).isEqualTo(y.size());
            assertThat(x.headerLength()).as(name + ": header length").isEqualTo(y.headerLength());
            assertThat(fixture.storage.content().read(x.header())).as(name + ": header")
                .isEqualTo(fixture.storage.content().read(y.header()));
            assertThat(fixture.storage.content().read(x.body())).as(name + ": body")
                .isEqualTo(fixture.storage.content().read(y.body()));
            assertThat(x.mime().mediaType()).as(name + ": media type").isEqualTo(y.mime().mediaType());
            assertThat(x.mime().subType()).as(name + ": subtype").isEqualTo(y.mime().subType());
            assertThat(x.mime().textualLineCount()).as(name + ": text lines").isEqualTo(y.mime().textualLineCount());
            assertThat(x.mime().properties()).as(name + ": MIME properties").isEqualTo(y.mime().properties());
            assertThat(x.flags()).as(name + ": flags").isEqualTo(y.flags());
            assertThat(x.internalDate()).as(name + ": internal date").isEqualTo(y.internalDate());
        }

        MailboxId ourId = ours.getId();
        List<Added> ourEvents = events.stream().filter(e -> e.getMailboxId().equals(ourId)).toList();
        List<Added> jamesEvents = events.stream().filter(e -> !e.getMailboxId().equals(ourId)).toList();
        assertThat(ourEvents).hasSameSizeAs(jamesEvents).hasSize(names.size());
        for (int m = 0; m < names.size(); m++) {
            Added x = ourEvents.get(m);
            Added y = jamesEvents.get(m);
            assertThat(x.getUids()).isEqualTo(y.getUids());
            assertThat(x.isDelivery()).isEqualTo(y.isDelivery());
            assertThat(x.getUsername()).isEqualTo(y.getUsername());
            MessageMetaData ourMeta = x.getAdded().values().iterator().next();
            MessageMetaData jamesMeta = y.getAdded().values().iterator().next();
            assertThat(ourMeta.getFlags()).isEqualTo(jamesMeta.getFlags());
            assertThat(ourMeta.getSize()).isEqualTo(jamesMeta.getSize());
            assertThat(ourMeta.getInternalDate()).isEqualTo(jamesMeta.getInternalDate());
            assertThat(ourMeta.getModSeq().asLong()).isEqualTo(jamesMeta.getModSeq().asLong());
        }
    }

    private List<StoredMessage> rows(MessageManager folder) {
        return fixture.storage.messages().list(NativeMailboxId.raw(folder.getId()), UidRange.ALL, -1);
    }
}
