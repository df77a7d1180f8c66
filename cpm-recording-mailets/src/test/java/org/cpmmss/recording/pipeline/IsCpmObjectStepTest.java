package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Step 1: CPM objects go to the {@code cpm} processor, plain mail does not. */
class IsCpmObjectStepTest {
    private final IsCpmObject matcher = new IsCpmObject();

    @BeforeEach
    void init() throws Exception {
        matcher.init(FakeMatcherConfig.builder().matcherName("IsCpmObject").build());
    }

    @Test
    void aCpmObjectMatchesEveryRecipient() throws Exception {
        FakeMail mail = Mails.mail(Mails.chat(Mails.ALICE_URI, Mails.BOB_URI, "c1", "m1", "hi"), Mails.ALICE, Mails.BOB);
        assertThat(matcher.match(mail)).containsExactlyElementsOf(mail.getRecipients());
    }

    @Test
    void plainMailMatchesNoRecipient() throws Exception {
        FakeMail mail = Mails.mail("From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\n"
            + "Content-Type: text/plain\r\n\r\nplain mail\r\n", Mails.BOB);
        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void aCpmContentTypeAloneIsEnough() throws Exception {
        FakeMail mail = Mails.mail("From: tel:+33610000001\r\nTo: tel:+33610000002\r\n"
            + "Content-Type: Application/X-CPM-Session\r\n\r\n<session/>\r\n", Mails.BOB);
        assertThat(matcher.match(mail)).hasSize(1);
    }
}
