package org.cpmmss.james.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.OwnerVerdicts;
import org.cpmmss.recording.verdict.RefusalCode;
import org.junit.jupiter.api.Test;

/** The HTTP status and body of every kind of verdict (docs/http-api.md, "Answer"). */
class HttpVerdictAnswersTest {
    private static final String ALICE = "+33612345678@example.com";
    private static final String BOB = "+33640332859@example.com";

    private static final OwnerVerdict STORED = new OwnerVerdict.Stored("Default/tel:+33640332859", 7, 42);
    private static final OwnerVerdict REPEAT = new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.ALREADY_STORED,
        Optional.of("Default/tel:+33640332859"), 7, 42);
    private static final OwnerVerdict SUPPRESSED = new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.SUPPRESSED_FIRST_WINS,
        Optional.empty(), 0, 0);
    private static final OwnerVerdict HELD = new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS);
    private static final OwnerVerdict QUEUED = new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.PUSH, false);
    private static final OwnerVerdict REQUEUED = new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.NOTIFY, true);
    private static final OwnerVerdict NOT_RECORDED = new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY);
    private static final OwnerVerdict REFUSED = new OwnerVerdict.Refused(RefusalCode.INVALID_OBJECT, "no Conversation-ID");
    private static final OwnerVerdict TOO_LARGE = new OwnerVerdict.TooLarge("session info too large: 70000 bytes");

    private static IngestService.Result ingest(OwnerVerdict alice, OwnerVerdict bob) {
        Map<String, OwnerVerdict> verdicts = new LinkedHashMap<>();
        verdicts.put(ALICE, alice);
        if (bob != null) {
            verdicts.put(BOB, bob);
        }
        return HttpVerdictAnswers.ingest(bob == null ? List.of(ALICE) : List.of(ALICE, BOB), OwnerVerdicts.of(verdicts));
    }

    private static ApiProblem problem(OwnerVerdict alice, OwnerVerdict bob) {
        return catchThrowableOfType(() -> ingest(alice, bob), ApiProblem.class);
    }

    @Test
    void storedHeldAndNotRecordedAre201() {
        assertThat(ingest(STORED, NOT_RECORDED).status()).isEqualTo(201);
        assertThat(ingest(STORED, NOT_RECORDED).body()).isEqualTo(Map.of("status", "stored", "owners", Map.of(
            ALICE, Map.of("outcome", "stored", "reason", "stored", "folder", "Default/tel:+33640332859", "uidValidity", 7L, "uid", 42L),
            BOB, Map.of("outcome", "not-recorded", "reason", "not recorded (policy)"))));
        assertThat(ingest(HELD, null).status()).isEqualTo(201);
        assertThat(ingest(HELD, null).body().get("owners"))
            .isEqualTo(Map.of(ALICE, Map.of("outcome", "held", "reason", "held until the session ends")));
        assertThat(ingest(NOT_RECORDED, null).status()).isEqualTo(201);
        assertThat(ingest(REPEAT, STORED).status()).isEqualTo(201);
        assertThat(ingest(QUEUED, STORED).status()).isEqualTo(201);
    }

    @Test
    void repeatsAre200() {
        IngestService.Result repeat = ingest(REPEAT, SUPPRESSED);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(Map.of("status", "repeat", "owners", Map.of(
            ALICE, Map.of("outcome", "duplicate", "reason", "already stored", "folder", "Default/tel:+33640332859",
                "uidValidity", 7L, "uid", 42L),
            BOB, Map.of("outcome", "duplicate", "reason", "suppressed (first-wins)"))));
        assertThat(ingest(REPEAT, REFUSED).status()).isEqualTo(200);
    }

    @Test
    void everyOwnerQueuedIs202() {
        IngestService.Result queued = ingest(QUEUED, REQUEUED);
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.body()).isEqualTo(Map.of("status", "queued", "owners", Map.of(
            ALICE, Map.of("outcome", "held", "reason", "queued for deferred delivery: push"),
            BOB, Map.of("outcome", "held", "reason", "already queued for deferred delivery: notify"))));
    }

    @Test
    void refusedForEveryOwnerIs400Or413() {
        ApiProblem refused = problem(REFUSED, REFUSED);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).isEqualTo("The object was refused for every owner: no Conversation-ID");
        assertThat(refused.extension("owners")).contains(Map.of(
            ALICE, Map.of("outcome", "refused", "reason", "no Conversation-ID"),
            BOB, Map.of("outcome", "refused", "reason", "no Conversation-ID")));
        assertThat(problem(REFUSED, TOO_LARGE).status()).isEqualTo(413);
        assertThat(problem(TOO_LARGE, null).status()).isEqualTo(413);
        assertThat(problem(new OwnerVerdict.DoNotDisturb(), null).status()).isEqualTo(400);
        assertThat(problem(new OwnerVerdict.Offline(), null).status()).isEqualTo(400);
    }

    @Test
    void aTemporaryFailureIs503AndAMissingVerdict500() {
        ApiProblem failed = problem(STORED, OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(failed.status()).isEqualTo(503);
        Object bob = failed.extension("owners").map(o -> ((Map<?, ?>) o).get(BOB)).orElse(null);
        assertThat(bob).isEqualTo(Map.of("outcome", "failed", "reason", "storage failure, retry later"));
        ApiProblem missing = catchThrowableOfType(() -> HttpVerdictAnswers.ingest(List.of(ALICE, BOB),
            OwnerVerdicts.of(Map.of(ALICE, OwnerVerdict.TemporaryFailure.STORAGE))), ApiProblem.class);
        assertThat(missing.status()).isEqualTo(500);
        assertThat(missing.detail()).startsWith("pipeline recorded no outcome for " + BOB);
    }

    @Test
    void theDeliverActionOfADeferredEntry() {
        assertThat(HttpVerdictAnswers.release(STORED, new LinkedHashMap<>(Map.of("action", "delivered"))))
            .isEqualTo(Map.of("action", "delivered", "outcome", "stored", "folder", "Default/tel:+33640332859", "uid", 42L));
        assertThat(HttpVerdictAnswers.release(REPEAT, new LinkedHashMap<>()))
            .isEqualTo(Map.of("outcome", "duplicate", "folder", "Default/tel:+33640332859", "uid", 42L));
        assertThat(catchThrowableOfType(() -> HttpVerdictAnswers.release(OwnerVerdict.TemporaryFailure.STORAGE,
            new LinkedHashMap<>()), ApiProblem.class).status()).isEqualTo(503);
        assertThat(catchThrowableOfType(() -> HttpVerdictAnswers.release(REFUSED, new LinkedHashMap<>()),
            ApiProblem.class).status()).isEqualTo(409);
        assertThat(catchThrowableOfType(() -> HttpVerdictAnswers.release(TOO_LARGE, new LinkedHashMap<>()),
            ApiProblem.class).status()).isEqualTo(409);
    }
}
