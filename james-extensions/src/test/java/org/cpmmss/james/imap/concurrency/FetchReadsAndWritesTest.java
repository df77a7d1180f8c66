package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapRequestStreamLineReader;
import org.apache.james.imap.decode.parser.FetchCommandParser;
import org.apache.james.imap.encode.FakeImapSession;
import org.apache.james.imap.message.request.AbstractImapRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Which FETCH is a read and which a write in the account's queue, for FETCH commands as James's own parser decodes
 * them: {@link ConcurrentSessionsProcessor} in front of a processor that holds every command until the test lets it
 * finish, two connections of one account. A FETCH that sets \Seen (BODY[...], RFC822, RFC822.TEXT without .PEEK)
 * runs alone; a FETCH that changes nothing runs beside another one.
 */
class FetchReadsAndWritesTest {
    private final Map<String, Sinks.Empty<Void>> running = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final ConcurrentSessionsProcessor processor = new ConcurrentSessionsProcessor(new HoldingProcessor(), new MailboxWriteQueue());
    private final ImapSession phone = selectedSession("alice@example.com");
    private final ImapSession tablet = selectedSession("alice@example.com");

    @ParameterizedTest
    @ValueSource(strings = {"1:* (BODY.PEEK[])", "1 (FLAGS UID RFC822.SIZE)", "1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)] ENVELOPE)",
        "1:5 (RFC822.HEADER)", "1 (BODYSTRUCTURE INTERNALDATE)"})
    void aFetchThatChangesNothingRunsBesideAnotherRead(String fetch) {
        run(phone, "a1", "1 (BODY.PEEK[TEXT])");
        run(tablet, "b1", fetch);
        assertThat(started).containsExactly("a1", "b1");
        finish("a1");
        finish("b1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 (BODY[])", "1:* (FLAGS BODY[TEXT])", "1 (BODY[HEADER.FIELDS (SUBJECT)])", "1 (RFC822)", "1 (RFC822.TEXT)"})
    void aFetchThatSetsSeenIsAWriteWaitingForTheRunningReadAndHoldingBackTheNextOne(String fetch) {
        run(phone, "a1", "1 (BODY.PEEK[])");
        run(tablet, "b1", fetch);
        run(phone, "a2", "1 (FLAGS)");
        assertThat(started).containsExactly("a1");

        finish("a1");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started).containsExactly("a1", "b1");

        finish("b1");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).containsExactly("a1", "b1", "a2");
        finish("a2");
    }

    private void run(ImapSession session, String tag, String fetchArguments) {
        ImapMessage fetch = new FetchCommandParser(new UnpooledStatusResponseFactory()).parse(
            new ImapRequestStreamLineReader(new ByteArrayInputStream((fetchArguments + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                OutputStream.nullOutputStream()),
            new Tag(tag), session);
        assertThat(fetch).isInstanceOf(AbstractImapRequest.class);
        processor.processReactive(fetch, new DiscardingResponder(), session).subscribe();
    }

    private void finish(String tag) {
        running.get(tag).tryEmitEmpty();
    }

    private static ImapSession selectedSession(String user) {
        FakeImapSession session = new FakeImapSession();
        session.setMailboxSession(MailboxSessionUtil.create(Username.of(user)));
        session.authenticated();
        // FETCH is valid in the selected state only; the selected mailbox itself plays no part here
        session.selected(null).block();
        return session;
    }

    /** James's processor chain stand-in: each command starts, is recorded, and ends when the test says so. */
    private final class HoldingProcessor implements ImapProcessor {
        @Override
        public void process(ImapMessage message, Responder responder, ImapSession session) {
            processReactive(message, responder, session).block();
        }

        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            String tag = ((AbstractImapRequest) message).getTag().asString();
            Sinks.Empty<Void> done = Sinks.empty();
            running.put(tag, done);
            started.add(tag);
            return done.asMono();
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
        }
    }

    private static final class DiscardingResponder implements ImapProcessor.Responder {
        @Override
        public void respond(ImapResponseMessage message) {
        }

        @Override
        public void flush() {
        }
    }
}
