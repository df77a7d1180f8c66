package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.RefusalCode;
import org.junit.jupiter.api.Test;

/** The SIP answer to every kind of verdict (docs/sip-bridge.md, the MESSAGE answer table). */
class SipIngestResponsesTest {
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    private static final OwnerVerdict STORED = new OwnerVerdict.Stored("Default/sip:bob@example.com", 7, 42);
    private static final OwnerVerdict REPEAT = new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.ALREADY_STORED, Optional.empty(), 0, 0);
    private static final OwnerVerdict HELD = new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.ALREADY_HELD);
    private static final OwnerVerdict NOT_RECORDED = new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY);
    private static final OwnerVerdict REFUSED = new OwnerVerdict.Refused(RefusalCode.INVALID_OBJECT, "no Conversation-ID");
    private static final OwnerVerdict TOO_LARGE = new OwnerVerdict.TooLarge("session info too large: 70000 bytes");

    private static SipIngestResponses.Answer answer(OwnerVerdict alice, OwnerVerdict bob) {
        Map<String, OwnerVerdict> verdicts = new LinkedHashMap<>();
        verdicts.put(ALICE, alice);
        verdicts.put(BOB, bob);
        return SipIngestResponses.answer(List.of(ALICE, BOB), OwnerVerdicts.of(verdicts));
    }

    @Test
    void takenVerdictsAre200Stored() {
        assertThat(answer(STORED, REPEAT)).isEqualTo(new SipIngestResponses.Answer(200, "OK (stored)",
            List.of(ALICE + "; stored", BOB + "; duplicate")));
        assertThat(answer(HELD, NOT_RECORDED)).isEqualTo(new SipIngestResponses.Answer(200, "OK (stored)",
            List.of(ALICE + "; held", BOB + "; not-recorded")));
        assertThat(answer(STORED, new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.PUSH, false)).status()).isEqualTo(200);
    }

    @Test
    void everyOwnerNotRecordedIs200NotRecorded() {
        assertThat(answer(NOT_RECORDED, new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR)))
            .isEqualTo(new SipIngestResponses.Answer(200, "OK (not recorded (policy))",
                List.of(ALICE + "; not-recorded", BOB + "; not-recorded")));
    }

    @Test
    void everyOwnerQueuedIs202() {
        SipIngestResponses.Answer queued = SipIngestResponses.answer(List.of(BOB),
            OwnerVerdicts.of(Map.of(BOB, new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.PUSH, true))));
        assertThat(queued).isEqualTo(new SipIngestResponses.Answer(202, "Accepted (queued for deferred delivery: push)",
            List.of(BOB + "; held")));
        assertThat(answer(new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.NOTIFY, false),
            new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.NOTIFY, true)).reason())
            .isEqualTo("Accepted (queued for deferred delivery: notify)");
    }

    @Test
    void refusalsAre400Or413() {
        assertThat(answer(STORED, REFUSED)).isEqualTo(new SipIngestResponses.Answer(400,
            "Bad Request (refused: no Conversation-ID)", List.of(ALICE + "; stored", BOB + "; refused")));
        assertThat(answer(TOO_LARGE, TOO_LARGE)).isEqualTo(new SipIngestResponses.Answer(413,
            "Request Entity Too Large (session info too large: 70000 bytes)", List.of(ALICE + "; refused", BOB + "; refused")));
        assertThat(answer(REFUSED, TOO_LARGE).status()).isEqualTo(400);
    }

    @Test
    void doNotDisturbIs486AndOfflineIs480WithoutOutcomes() {
        assertThat(answer(new OwnerVerdict.DoNotDisturb(), new OwnerVerdict.DoNotDisturb()))
            .isEqualTo(new SipIngestResponses.Answer(486, "Busy Here (do not disturb)", List.of()));
        assertThat(answer(new OwnerVerdict.Offline(), new OwnerVerdict.Offline()))
            .isEqualTo(new SipIngestResponses.Answer(480, "Temporarily Unavailable (no client registered)", List.of()));
    }

    @Test
    void aTemporaryFailureIs503RetryLaterAndAMissingVerdict500() {
        SipIngestResponses.Answer failed = answer(REFUSED, OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(failed).isEqualTo(new SipIngestResponses.Answer(503, "storage failure, retry later",
            List.of(ALICE + "; refused", BOB + "; failed")));
        assertThat(failed.retryLater()).isTrue();
        SipIngestResponses.Answer missing = SipIngestResponses.answer(List.of(ALICE, BOB),
            OwnerVerdicts.of(Map.of(ALICE, OwnerVerdict.TemporaryFailure.STORAGE)));
        assertThat(missing).isEqualTo(new SipIngestResponses.Answer(500,
            "Server Internal Error (no outcome recorded for " + BOB + ")", List.of(ALICE + "; failed", BOB + "; none")));
    }
}
