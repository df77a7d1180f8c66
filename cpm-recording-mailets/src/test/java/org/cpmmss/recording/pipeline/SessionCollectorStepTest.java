package org.cpmmss.recording.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.junit.jupiter.api.Test;

/** Step 8: under on-completion, session parts are held and stored as one session object when the session ends. */
class SessionCollectorStepTest {
    private static final String OWNER = "+33643209850@example.com";
    private static final String ORIGINATOR = "tel:+33643209850";
    private static final String GROUP = "sip:Conference-Factory@volteofr.com";
    private static final String SESSION = "7d8a3e21-4c1b-49a0-b6de-2f0c9e5d1a77";

    private final VerdictRegistry outcomes = new VerdictRegistry();
    private final InMemoryCpmStateStore state = new InMemoryCpmStateStore();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T10:00:00Z"));

    private static CpmPolicy onCompletion() {
        return CpmPolicy.from(Map.of(CpmPolicy.SESSION_MODE, "on-completion", CpmPolicy.SESSION_IDLE_TIMEOUT, "10m")::get);
    }

    private SessionCollector collector(CpmPolicy policy) {
        return new SessionCollector(policy, state, new SessionAssembler(state, store), outcomes, clock);
    }

    private FakeMail resolved(CpmPolicy policy, String object) throws MessagingException {
        FakeMail mail = Mails.validated(policy, outcomes, object, OWNER);
        FolderSteps.resolve(mail, policy, state, outcomes);
        return mail;
    }

    private static String sessionInfo() {
        return new String(Fixtures.bytes("session-info.eml"), StandardCharsets.UTF_8);
    }

    @Test
    void partsAreHeldAndTheEndStoresOneSessionObject() throws Exception {
        CpmPolicy policy = onCompletion();
        SessionCollector step = collector(policy);
        FakeMail info = resolved(policy, sessionInfo());
        step.service(info);
        assertThat(Mails.verdict(outcomes.close(info), OWNER)).isEqualTo(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS));
        assertThat(info.getState()).isEqualTo(Mail.GHOST);
        FakeMail first = resolved(policy, Mails.chat(ORIGINATOR, GROUP, SESSION, "s-m1", "first part"));
        step.service(first);
        assertThat(Mails.verdict(outcomes.close(first), OWNER)).isEqualTo(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS));
        FakeMail repeated = resolved(policy, Mails.chat(ORIGINATOR, GROUP, SESSION, "s-m1", "first part"));
        step.service(repeated);
        assertThat(Mails.verdict(outcomes.close(repeated), OWNER)).isEqualTo(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.ALREADY_HELD));
        assertThat(store.messages()).isEmpty();

        FakeMail last = resolved(policy, Mails.chat(ORIGINATOR, GROUP, SESSION, "s-m2", "last part",
            "CPM-Session-State: ended"));
        step.service(last);
        OwnerVerdict stored = Mails.verdict(outcomes.close(last), OWNER);
        assertThat(store.messages()).singleElement().satisfies(object -> {
            assertThat(stored).isEqualTo(new OwnerVerdict.Stored(object.folder(), InMemoryConversationStore.UID_VALIDITY,
                object.uid()));
            assertThat(object.key()).isEqualTo("imdn:sess-7d8a3e21");
            assertThat(object.text()).contains("Application/X-CPM-Session").contains("first part").contains("last part")
                .contains("Message-Direction: sent").doesNotContain("CPM-Session-State");
        });
        assertThat(state.heldSession(OWNER, SESSION)).isEmpty();
        assertThat(state.recorded(OWNER, "imdn:s-m1")).isPresent();
    }

    @Test
    void anIdleSessionIsAssembledByTheSweep() throws Exception {
        CpmPolicy policy = onCompletion();
        SessionCollector step = collector(policy);
        step.service(resolved(policy, sessionInfo()));
        step.service(resolved(policy, Mails.chat(ORIGINATOR, GROUP, SESSION, "s-m1", "only part")));
        step.sweep();
        assertThat(store.messages()).isEmpty();
        clock.advance(Duration.ofMinutes(11));
        step.sweep();
        assertThat(store.messages()).singleElement().satisfies(object -> assertThat(object.text()).contains("only part"));
    }

    @Test
    void objectsOfNoOpenSessionGoOnToBeStoredAsTheyAre() throws Exception {
        CpmPolicy policy = onCompletion();
        FakeMail mail = resolved(policy, Mails.chat(ORIGINATOR, GROUP, "no-such-session", "x-m1", "alone"));
        collector(policy).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(mail.getRecipients()).hasSize(1);
    }

    @Test
    void incrementalModeHoldsNothing() throws Exception {
        CpmPolicy policy = CpmPolicy.defaults();
        FakeMail mail = resolved(policy, sessionInfo());
        collector(policy).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(state.heldSession(OWNER, SESSION)).isEmpty();
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
