package org.cpmmss.james.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.VerdictVisitor;
import org.cpmmss.recording.verdict.OwnerVerdicts;

/**
 * The HTTP door's answers to the pipeline's verdicts (docs/http-api.md), the only place it turns a verdict into a
 * status: an ingest ({@link #ingest}) and the operator's deliver action on a deferred-queue entry ({@link #release}).
 *
 * <p>Ingest, by precedence: an owner without a verdict 500; a temporary failure 503; every owner refused 413 when one
 * refusal is {@link OwnerVerdict.TooLarge}, else 400; every owner queued 202 {@code queued}; every owner a repeat (or
 * refused) 200 {@code repeat}; else 201 {@code stored}. Do-not-disturb and offline count as refusals (only live SIP
 * messages get them). The body and every problem carry {@code owners}: per owner its published outcome, the reason
 * text, and the folder and UIDs when known.</p>
 */
final class HttpVerdictAnswers {
    /** How an ingest answer counts one owner's verdict. */
    private enum Count { NEW, REPEAT, QUEUED, REFUSED, TOO_LARGE, FAILED }

    private static final VerdictVisitor<Count> COUNT = new VerdictVisitor<>() {
        @Override
        public Count stored(OwnerVerdict.Stored verdict) {
            return Count.NEW;
        }

        @Override
        public Count repeat(OwnerVerdict.Repeat verdict) {
            return Count.REPEAT;
        }

        @Override
        public Count heldInSession(OwnerVerdict.HeldInSession verdict) {
            return Count.NEW;
        }

        @Override
        public Count queued(OwnerVerdict.Queued verdict) {
            return Count.QUEUED;
        }

        @Override
        public Count notRecorded(OwnerVerdict.NotRecorded verdict) {
            return Count.NEW;
        }

        @Override
        public Count refused(OwnerVerdict.Refused verdict) {
            return Count.REFUSED;
        }

        @Override
        public Count tooLarge(OwnerVerdict.TooLarge verdict) {
            return Count.TOO_LARGE;
        }

        @Override
        public Count doNotDisturb(OwnerVerdict.DoNotDisturb verdict) {
            return Count.REFUSED;
        }

        @Override
        public Count offline(OwnerVerdict.Offline verdict) {
            return Count.REFUSED;
        }

        @Override
        public Count temporaryFailure(OwnerVerdict.TemporaryFailure verdict) {
            return Count.FAILED;
        }
    };

    private HttpVerdictAnswers() {
    }

    /** The answer to one ingest for {@code owners}; a failure or refusal is thrown as an {@link ApiProblem}. */
    static IngestService.Result ingest(List<String> owners, OwnerVerdicts verdicts) {
        Map<String, Object> perOwner = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<Count> counts = new ArrayList<>();
        Optional<OwnerVerdict> firstRefusal = Optional.empty();
        for (String owner : owners) {
            Optional<OwnerVerdict> verdict = verdicts.forOwner(owner);
            if (verdict.isEmpty()) {
                missing.add(owner);
                continue;
            }
            perOwner.put(owner, view(verdict.get()));
            Count count = verdict.get().accept(COUNT);
            counts.add(count);
            if (firstRefusal.isEmpty() && (count == Count.REFUSED || count == Count.TOO_LARGE)) {
                firstRefusal = verdict;
            }
        }
        if (!missing.isEmpty()) {
            throw ApiProblem.serverError("pipeline recorded no outcome for " + String.join(", ", missing)
                + "; the object may or may not be stored, retry the same request once the pipeline is fixed.")
                .with("owners", perOwner);
        }
        if (counts.contains(Count.FAILED)) {
            throw ApiProblem.unavailable("Storage failed temporarily for at least one owner; retry the same request "
                + "(owners that already have the object answer 'duplicate').").with("owners", perOwner);
        }
        if (counts.stream().allMatch(c -> c == Count.REFUSED || c == Count.TOO_LARGE)) {
            ApiProblem problem = counts.contains(Count.TOO_LARGE)
                ? ApiProblem.tooLarge("The object is too large for this server (cpm.limits.max-object-size).")
                : ApiProblem.badRequest("The object was refused for every owner: " + firstRefusal.map(OwnerVerdict::reason).orElse(""));
            throw problem.with("owners", perOwner);
        }
        boolean allQueued = counts.stream().allMatch(c -> c == Count.QUEUED);
        boolean allRepeats = counts.stream().allMatch(c -> c == Count.REPEAT || c == Count.REFUSED || c == Count.TOO_LARGE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allQueued ? "queued" : allRepeats ? "repeat" : "stored");
        body.put("owners", perOwner);
        return new IngestService.Result(allQueued ? 202 : allRepeats ? 200 : 201, body);
    }

    /**
     * The answer to the deliver action of a deferred-queue entry: 200 with the outcome, folder and UID; a temporary
     * failure 503 (the entry stays queued); a refusal 409 {@code not-deliverable} (the entry stays queued).
     */
    static Map<String, Object> release(OwnerVerdict verdict, Map<String, Object> body) {
        Count count = verdict.accept(COUNT);
        if (count == Count.FAILED) {
            throw ApiProblem.unavailable("The hand-over to the store failed (" + verdict.reason()
                + "); the message stays queued, retry.");
        }
        if (count == Count.REFUSED || count == Count.TOO_LARGE) {
            throw new ApiProblem(409, "not-deliverable", "Cannot be handed over",
                "The store refused this message (" + verdict.reason() + "); it stays queued: retrieve, discard or interwork it.");
        }
        body.put("outcome", verdict.publishedName());
        folder(verdict).ifPresent(folder -> body.put("folder", folder));
        if (uid(verdict) > 0) {
            body.put("uid", uid(verdict));
        }
        return body;
    }

    /** One owner's member of {@code owners}: outcome, reason, and folder/UIDVALIDITY/UID when known. */
    static Map<String, Object> view(OwnerVerdict verdict) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", verdict.publishedName());
        view.put("reason", verdict.reason());
        folder(verdict).ifPresent(folder -> view.put("folder", folder));
        if (uid(verdict) > 0) {
            view.put("uidValidity", uidValidity(verdict));
            view.put("uid", uid(verdict));
        }
        return view;
    }

    private static Optional<String> folder(OwnerVerdict verdict) {
        return verdict instanceof OwnerVerdict.Filed filed ? filed.filedFolder() : Optional.empty();
    }

    private static long uid(OwnerVerdict verdict) {
        return verdict instanceof OwnerVerdict.Filed filed ? filed.uid() : 0;
    }

    private static long uidValidity(OwnerVerdict verdict) {
        return verdict instanceof OwnerVerdict.Filed filed ? filed.uidValidity() : 0;
    }
}
