package org.cpmmss.recording.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.xml.SafeXml;
import org.cpmmss.cpm.xml.XmlRejectedException;
import org.junit.jupiter.api.Test;

class OwnerVerdictTest {
    @Test
    void everyKindHasItsPublishedNameReasonAndSuccess() {
        List<OwnerVerdict> all = List.of(
            OwnerVerdict.stored("Default/tel:+33640332859", 7, 42),
            OwnerVerdict.alreadyStored(Optional.empty(), 0, 0),
            new OwnerVerdict.Repeat(OwnerVerdict.Repeat.Cause.SUPPRESSED_FIRST_WINS, Optional.empty(), 0, 0),
            new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS),
            new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.ALREADY_HELD),
            new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.SESSION_ALREADY_OPEN),
            new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.PUSH, false),
            new OwnerVerdict.Queued(OwnerVerdict.Queued.DeferredMode.of("notify"), true),
            new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.POLICY),
            new OwnerVerdict.NotRecorded(OwnerVerdict.NotRecorded.Cause.HANDOVER_ORIGINATOR),
            new OwnerVerdict.Refused(RefusalCode.INVALID_OBJECT, "no Conversation-ID"),
            new OwnerVerdict.TooLarge("session info too large: 9 bytes"),
            new OwnerVerdict.DoNotDisturb(),
            new OwnerVerdict.Offline(),
            OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(all).extracting(OwnerVerdict::publishedName).containsExactly(
            "stored", "duplicate", "duplicate", "held", "held", "held", "held", "held", "not-recorded", "not-recorded",
            "refused", "refused", "do-not-disturb", "offline", "failed");
        assertThat(all).extracting(OwnerVerdict::reason).containsExactly(
            "stored", "already stored", "suppressed (first-wins)", "held until the session ends", "already held",
            "session already open", "queued for deferred delivery: push", "already queued for deferred delivery: notify",
            "not recorded (policy)", "originator of a deferred hand-over, not a recipient: nothing stored",
            "no Conversation-ID", "session info too large: 9 bytes", "do not disturb", "no client registered",
            "storage failure, retry later");
        assertThat(all).extracting(OwnerVerdict::isSuccess).containsExactly(
            true, true, true, true, true, true, true, true, true, true, false, false, false, false, false);
    }

    @Test
    void aSizeLimitOfTheFormatLibraryIsTooLargeEvenWhenWrapped() {
        CpmFormatException oversized = null;
        try {
            SessionInfo.parse(new byte[SafeXml.defaults().maxBytes() + 1], SafeXml.defaults());
        } catch (CpmFormatException e) {
            oversized = e;
        }
        assertThat(oversized).isNotNull();
        assertThat(OwnerVerdict.refusal(RefusalCode.INVALID_OBJECT, oversized)).isInstanceOf(OwnerVerdict.TooLarge.class);
        CpmFormatException wrapped = new CpmFormatException("session part: " + oversized.reason(), oversized);
        assertThat(OwnerVerdict.refusal(RefusalCode.INVALID_OBJECT, wrapped))
            .isEqualTo(new OwnerVerdict.TooLarge("session part: " + oversized.reason()));
    }

    @Test
    void anyOtherFormatErrorIsRefusedWithItsCodeEvenWhenItsTextSaysTooLarge() {
        CpmFormatException bad = new XmlRejectedException("a title too large to read: DOCTYPE");
        assertThat(OwnerVerdict.refusal(RefusalCode.INVALID_NOTIFICATION, bad))
            .isEqualTo(new OwnerVerdict.Refused(RefusalCode.INVALID_NOTIFICATION, "a title too large to read: DOCTYPE"));
    }

    @Test
    void verdictsAreFoundByOwnerWhateverTheCase() {
        OwnerVerdicts verdicts = OwnerVerdicts.of(Map.of("+33612345678@Example.COM", OwnerVerdict.TemporaryFailure.STORAGE));
        assertThat(verdicts.forOwner("+33612345678@example.com")).contains(OwnerVerdict.TemporaryFailure.STORAGE);
        assertThat(verdicts.forOwner("+33640332859@example.com")).isEmpty();
        assertThat(OwnerVerdicts.none().isEmpty()).isTrue();
    }
}
