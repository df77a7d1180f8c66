package org.cpmmss.james.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sip.message.Response;

import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.VerdictVisitor;
import org.cpmmss.recording.verdict.OwnerVerdicts;

/**
 * The SIP door's answer to a MESSAGE from the owners' verdicts (docs/sip-bridge.md), the only place it turns a
 * verdict into a status. By precedence: an owner without a verdict 500; a temporary failure 503 (with
 * {@code Retry-After}); do-not-disturb 486; offline 480; a refusal 413 when it is {@link OwnerVerdict.TooLarge}, else
 * 400; every owner queued 202; every owner not recorded 200 {@code OK (not recorded (policy))}; else 200
 * {@code OK (stored)}. Every answer but 486 and 480 (nothing was taken) carries one {@code CPM-Outcome} per owner.
 */
final class SipIngestResponses {
    /** A SIP answer: status, reason phrase (for 503 the reason inside "Service Unavailable (…)"), CPM-Outcome values. */
    record Answer(int status, String reason, List<String> outcomes) {
        /** True for 503: sent with {@code Retry-After}, the PF retries the same request. */
        boolean retryLater() {
            return status == Response.SERVICE_UNAVAILABLE;
        }
    }

    /** How the answer counts one owner's verdict. */
    private enum Count { TAKEN, QUEUED, NOT_RECORDED, REFUSED, TOO_LARGE, DO_NOT_DISTURB, OFFLINE, FAILED }

    private static final VerdictVisitor<Count> COUNT = new VerdictVisitor<>() {
        @Override
        public Count stored(OwnerVerdict.Stored verdict) {
            return Count.TAKEN;
        }

        @Override
        public Count repeat(OwnerVerdict.Repeat verdict) {
            return Count.TAKEN;
        }

        @Override
        public Count heldInSession(OwnerVerdict.HeldInSession verdict) {
            return Count.TAKEN;
        }

        @Override
        public Count queued(OwnerVerdict.Queued verdict) {
            return Count.QUEUED;
        }

        @Override
        public Count notRecorded(OwnerVerdict.NotRecorded verdict) {
            return Count.NOT_RECORDED;
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
            return Count.DO_NOT_DISTURB;
        }

        @Override
        public Count offline(OwnerVerdict.Offline verdict) {
            return Count.OFFLINE;
        }

        @Override
        public Count temporaryFailure(OwnerVerdict.TemporaryFailure verdict) {
            return Count.FAILED;
        }
    };

    private SipIngestResponses() {
    }

    static Answer answer(List<String> owners, OwnerVerdicts verdicts) {
        List<String> missing = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<Count> counts = new ArrayList<>();
        Optional<OwnerVerdict> failed = Optional.empty();
        Optional<OwnerVerdict> refused = Optional.empty();
        Optional<OwnerVerdict.Queued> queued = Optional.empty();
        for (String owner : owners) {
            Optional<OwnerVerdict> verdict = verdicts.forOwner(owner);
            outcomes.add(owner + "; " + verdict.map(OwnerVerdict::publishedName).orElse("none"));
            if (verdict.isEmpty()) {
                missing.add(owner);
                continue;
            }
            Count count = verdict.get().accept(COUNT);
            counts.add(count);
            if (count == Count.FAILED && failed.isEmpty()) {
                failed = verdict;
            } else if ((count == Count.REFUSED || count == Count.TOO_LARGE) && refused.isEmpty()) {
                refused = verdict;
            } else if (count == Count.QUEUED) {
                queued = Optional.of((OwnerVerdict.Queued) verdict.get());
            }
        }
        if (!missing.isEmpty()) {
            return new Answer(Response.SERVER_INTERNAL_ERROR,
                "Server Internal Error (no outcome recorded for " + String.join(", ", missing) + ")", outcomes);
        }
        if (failed.isPresent()) {
            return new Answer(Response.SERVICE_UNAVAILABLE, failed.get().reason(), outcomes);
        }
        if (counts.contains(Count.DO_NOT_DISTURB)) {
            return new Answer(Response.BUSY_HERE, "Busy Here (do not disturb)", List.of());
        }
        if (counts.contains(Count.OFFLINE)) {
            return new Answer(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable (no client registered)", List.of());
        }
        if (refused.isPresent()) {
            boolean tooLarge = refused.get() instanceof OwnerVerdict.TooLarge;
            return new Answer(tooLarge ? Response.REQUEST_ENTITY_TOO_LARGE : Response.BAD_REQUEST,
                (tooLarge ? "Request Entity Too Large (" : "Bad Request (refused: ") + refused.get().reason() + ")", outcomes);
        }
        if (counts.stream().allMatch(c -> c == Count.QUEUED) && queued.isPresent()) {
            String reason = new OwnerVerdict.Queued(queued.get().mode(), false).reason();
            return new Answer(Response.ACCEPTED, "Accepted (" + reason + ")", outcomes);
        }
        if (counts.stream().allMatch(c -> c == Count.NOT_RECORDED)) {
            return new Answer(Response.OK, "OK (not recorded (policy))", outcomes);
        }
        return new Answer(Response.OK, "OK (stored)", outcomes);
    }
}
