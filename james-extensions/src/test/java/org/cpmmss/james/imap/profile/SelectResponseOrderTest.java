package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.FlagsResponse;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.junit.jupiter.api.Test;

/**
 * The SELECT's untagged lines, held for Dovecot's order, leave with the tagged answer in the command's one write: no
 * flush between them. A flush there wrote the held lines separately, possibly from another thread than the command's
 * final flush; Netty sends a write made on its event loop before writes other threads queued, and under the mixed
 * soak the lines reached the client after the tagged OK (docs/imap-concurrency.md, "SELECT under load").
 */
class SelectResponseOrderTest {
    private static final UnpooledStatusResponseFactory STATUS = new UnpooledStatusResponseFactory();

    @Test
    void heldLinesAndTheTaggedAnswerAreWrittenWithoutAFlushBetweenThem() {
        List<String> written = new ArrayList<>();
        SelectResponseOrder order = new SelectResponseOrder(new Responder() {
            @Override
            public void respond(ImapResponseMessage message) {
                written.add(message.getClass().getSimpleName());
            }

            @Override
            public void flush() {
                written.add("flush");
            }
        });

        order.respond(new RecentResponse(0));
        order.respond(new ExistsResponse(0));
        order.respond(new FlagsResponse(new Flags(Flags.Flag.SEEN)));
        order.flush();
        order.respond(STATUS.taggedOk(new Tag("s1"), ImapCommand.authenticatedStateCommand("SELECT"),
            HumanReadableText.SELECT));

        assertThat(written).containsExactly("FlagsResponse", "ExistsResponse", "RecentResponse",
            "ImmutableStatusResponse");
    }

    @Test
    void aCommandEndingWithoutATaggedAnswerStillWritesAndFlushesWhatIsHeld() {
        List<String> written = new ArrayList<>();
        SelectResponseOrder order = new SelectResponseOrder(new Responder() {
            @Override
            public void respond(ImapResponseMessage message) {
                written.add(message.getClass().getSimpleName());
            }

            @Override
            public void flush() {
                written.add("flush");
            }
        });

        order.respond(new ExistsResponse(3));
        order.drain();

        assertThat(written).containsExactly("ExistsResponse", "flush");
    }
}
