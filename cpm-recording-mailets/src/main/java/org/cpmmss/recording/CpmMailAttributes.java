package org.cpmmss.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.object.CpmObjectType;

/**
 * Mail attributes the pipeline steps hand each other. {@link org.cpmmss.recording.pipeline.ValidateCpmObject} writes the inspection;
 * later steps read it back with {@link #inspection(Mail)}. A refused mail carries {@link #REFUSAL_REASON}.
 */
public final class CpmMailAttributes {
    public static final AttributeName TYPE = AttributeName.of("org.cpmmss.cpm.type");
    public static final AttributeName KEY = AttributeName.of("org.cpmmss.cpm.key");
    public static final AttributeName ORIGINATOR = AttributeName.of("org.cpmmss.cpm.originator");
    public static final AttributeName TO = AttributeName.of("org.cpmmss.cpm.to");
    public static final AttributeName CONVERSATION_ID = AttributeName.of("org.cpmmss.cpm.conversation-id");
    public static final AttributeName CONTRIBUTION_ID = AttributeName.of("org.cpmmss.cpm.contribution-id");
    public static final AttributeName GROUP = AttributeName.of("org.cpmmss.cpm.group");
    public static final AttributeName SESSION_ENDED = AttributeName.of("org.cpmmss.cpm.session-ended");
    public static final AttributeName REPORTED_MESSAGE_ID = AttributeName.of("org.cpmmss.cpm.reported-message-id");
    /**
     * Set ({@code "true"}) on a disposition notification handed over as deferred ({@code CPM-Delivery:
     * deferred-handover}): it is delivery, so the recording gate lets its recipients through, and it is never held
     * in an on-completion session; otherwise it is handled as any notification (docs/deferred.md).
     */
    public static final AttributeName HANDED_OVER_NOTIFICATION = AttributeName.of("org.cpmmss.cpm.handed-over-notification");
    /** Why the object was refused (also the mail's error message), as listed by WebAdmin's mail repositories. */
    public static final AttributeName REFUSAL_REASON = AttributeName.of("org.cpmmss.cpm.refusal-reason");

    private CpmMailAttributes() {
    }

    public static void write(Mail mail, CpmInspection inspection) {
        set(mail, TYPE, inspection.type().name());
        set(mail, KEY, inspection.key());
        set(mail, ORIGINATOR, inspection.originator().uri());
        set(mail, TO, String.join("\n", inspection.to().stream().map(CpmAddress::uri).toList()));
        inspection.conversationId().ifPresent(v -> set(mail, CONVERSATION_ID, v));
        inspection.contributionId().ifPresent(v -> set(mail, CONTRIBUTION_ID, v));
        inspection.group().ifPresent(v -> set(mail, GROUP, v.toString()));
        set(mail, SESSION_ENDED, Boolean.toString(inspection.sessionEnded()));
        inspection.reportedMessageId().ifPresent(v -> set(mail, REPORTED_MESSAGE_ID, v));
    }

    /** The inspection written by {@link org.cpmmss.recording.pipeline.ValidateCpmObject}, empty if the mail was never validated. */
    public static Optional<CpmInspection> inspection(Mail mail) {
        Optional<String> type = get(mail, TYPE);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<CpmAddress> to = new ArrayList<>();
            for (String uri : get(mail, TO).orElse("").split("\n")) {
                if (!uri.isBlank()) {
                    to.add(CpmAddress.fromCanonicalUri(uri));
                }
            }
            return Optional.of(new CpmInspection(CpmObjectType.valueOf(type.get()), get(mail, KEY).orElseThrow(),
                CpmAddress.fromCanonicalUri(get(mail, ORIGINATOR).orElseThrow()), to, get(mail, CONVERSATION_ID),
                get(mail, CONTRIBUTION_ID), get(mail, GROUP).map(Boolean::parseBoolean),
                get(mail, SESSION_ENDED).map(Boolean::parseBoolean).orElse(false), get(mail, REPORTED_MESSAGE_ID)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("inconsistent cpm attributes: " + e.getMessage(), e);
        }
    }

    /** True when {@link #HANDED_OVER_NOTIFICATION} is set. */
    public static boolean handedOverNotification(Mail mail) {
        return get(mail, HANDED_OVER_NOTIFICATION).map(Boolean::parseBoolean).orElse(false);
    }

    public static void set(Mail mail, AttributeName name, String value) {
        mail.setAttribute(new Attribute(name, AttributeValue.of(value)));
    }

    public static Optional<String> get(Mail mail, AttributeName name) {
        return mail.getAttribute(name).flatMap(a -> a.getValue().valueAs(String.class));
    }
}
