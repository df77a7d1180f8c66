package org.cpmmss.cpm.object;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.HeaderField;

/**
 * The CPM header set of a stored object (Content-Type aside, which the object kind decides). Values are
 * kept as written; typed views ({@link #dateValue()}, {@link #direction()}) parse on demand.
 */
public record CpmObjectHeaders(Optional<String> date, Optional<String> from, Optional<String> to,
                               Optional<String> subject, Optional<String> conversationId,
                               Optional<String> contributionId, Optional<String> inReplyToContributionId,
                               Optional<String> imdnMessageId, Optional<String> messageDirection,
                               Optional<String> messageContext, Optional<String> messageCorrelator,
                               Optional<String> messageId, List<HeaderField> extra) {

    public CpmObjectHeaders {
        Objects.requireNonNull(date);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(conversationId);
        Objects.requireNonNull(contributionId);
        Objects.requireNonNull(inReplyToContributionId);
        Objects.requireNonNull(imdnMessageId);
        Objects.requireNonNull(messageDirection);
        Objects.requireNonNull(messageContext);
        Objects.requireNonNull(messageCorrelator);
        Objects.requireNonNull(messageId);
        extra = List.copyOf(extra);
    }

    private static final List<String> KNOWN = List.of(CpmHeaders.DATE, CpmHeaders.FROM, CpmHeaders.TO,
            CpmHeaders.SUBJECT, CpmHeaders.CONVERSATION_ID, CpmHeaders.CONTRIBUTION_ID,
            CpmHeaders.IN_REPLY_TO_CONTRIBUTION_ID, CpmHeaders.IMDN_MESSAGE_ID, CpmHeaders.MESSAGE_DIRECTION,
            CpmHeaders.MESSAGE_CONTEXT, CpmHeaders.MESSAGE_CORRELATOR, CpmHeaders.MESSAGE_ID,
            CpmHeaders.MIME_VERSION, CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TRANSFER_ENCODING);

    /** Reads the header set of a parsed header block (first occurrence wins; other fields go to {@code extra}). */
    public static CpmObjectHeaders from(HeaderBlock block) {
        List<HeaderField> extra = new ArrayList<>();
        for (HeaderField f : block.fields()) {
            if (KNOWN.stream().noneMatch(f::is)) {
                extra.add(f);
            }
        }
        return new CpmObjectHeaders(block.first(CpmHeaders.DATE), block.first(CpmHeaders.FROM),
                block.first(CpmHeaders.TO), block.first(CpmHeaders.SUBJECT), block.first(CpmHeaders.CONVERSATION_ID),
                block.first(CpmHeaders.CONTRIBUTION_ID), block.first(CpmHeaders.IN_REPLY_TO_CONTRIBUTION_ID),
                block.first(CpmHeaders.IMDN_MESSAGE_ID), block.first(CpmHeaders.MESSAGE_DIRECTION),
                block.first(CpmHeaders.MESSAGE_CONTEXT), block.first(CpmHeaders.MESSAGE_CORRELATOR),
                block.first(CpmHeaders.MESSAGE_ID), extra);
    }

    /** The fields in the order they are written, Content-Type excluded. */
    public List<HeaderField> fields() {
        List<HeaderField> out = new ArrayList<>();
        add(out, CpmHeaders.DATE, date);
        add(out, CpmHeaders.FROM, from);
        add(out, CpmHeaders.TO, to);
        add(out, CpmHeaders.SUBJECT, subject);
        add(out, CpmHeaders.CONVERSATION_ID, conversationId);
        add(out, CpmHeaders.CONTRIBUTION_ID, contributionId);
        add(out, CpmHeaders.IN_REPLY_TO_CONTRIBUTION_ID, inReplyToContributionId);
        add(out, CpmHeaders.IMDN_MESSAGE_ID, imdnMessageId);
        add(out, CpmHeaders.MESSAGE_DIRECTION, messageDirection);
        add(out, CpmHeaders.MESSAGE_CONTEXT, messageContext);
        add(out, CpmHeaders.MESSAGE_CORRELATOR, messageCorrelator);
        add(out, CpmHeaders.MESSAGE_ID, messageId);
        out.addAll(extra);
        return out;
    }

    private static void add(List<HeaderField> out, String name, Optional<String> v) {
        v.ifPresent(s -> out.add(new HeaderField(name, s)));
    }

    public Optional<OffsetDateTime> dateValue() throws CpmFormatException {
        return date.isEmpty() ? Optional.empty() : Optional.of(CpmDates.parseMailDate(date.get()));
    }

    public Optional<Direction> direction() {
        return messageDirection.map(Direction::fromHeader);
    }

    public Optional<String> extra(String name) {
        return extra.stream().filter(f -> f.is(name)).map(HeaderField::value).findFirst();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.date = date;
        b.from = from;
        b.to = to;
        b.subject = subject;
        b.conversationId = conversationId;
        b.contributionId = contributionId;
        b.inReplyToContributionId = inReplyToContributionId;
        b.imdnMessageId = imdnMessageId;
        b.messageDirection = messageDirection;
        b.messageContext = messageContext;
        b.messageCorrelator = messageCorrelator;
        b.messageId = messageId;
        b.extra.addAll(extra);
        return b;
    }

    /** Builder; every setter accepts null for "absent". */
    public static final class Builder {
        private Optional<String> date = Optional.empty();
        private Optional<String> from = Optional.empty();
        private Optional<String> to = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<String> conversationId = Optional.empty();
        private Optional<String> contributionId = Optional.empty();
        private Optional<String> inReplyToContributionId = Optional.empty();
        private Optional<String> imdnMessageId = Optional.empty();
        private Optional<String> messageDirection = Optional.empty();
        private Optional<String> messageContext = Optional.empty();
        private Optional<String> messageCorrelator = Optional.empty();
        private Optional<String> messageId = Optional.empty();
        private final List<HeaderField> extra = new ArrayList<>();

        private Builder() {
        }

        public Builder date(OffsetDateTime t) {
            date = Optional.ofNullable(t).map(CpmDates::formatMailDate);
            return this;
        }

        public Builder date(String rfc5322) {
            date = Optional.ofNullable(rfc5322);
            return this;
        }

        public Builder from(String v) {
            from = Optional.ofNullable(v);
            return this;
        }

        public Builder to(String v) {
            to = Optional.ofNullable(v);
            return this;
        }

        public Builder subject(String v) {
            subject = Optional.ofNullable(v);
            return this;
        }

        public Builder conversationId(String v) {
            conversationId = Optional.ofNullable(v);
            return this;
        }

        public Builder contributionId(String v) {
            contributionId = Optional.ofNullable(v);
            return this;
        }

        public Builder inReplyToContributionId(String v) {
            inReplyToContributionId = Optional.ofNullable(v);
            return this;
        }

        public Builder imdnMessageId(String v) {
            imdnMessageId = Optional.ofNullable(v);
            return this;
        }

        public Builder direction(Direction d) {
            messageDirection = Optional.ofNullable(d).map(Direction::headerValue);
            return this;
        }

        public Builder messageContext(String v) {
            messageContext = Optional.ofNullable(v);
            return this;
        }

        public Builder messageCorrelator(String v) {
            messageCorrelator = Optional.ofNullable(v);
            return this;
        }

        public Builder messageId(String v) {
            messageId = Optional.ofNullable(v);
            return this;
        }

        /** Any further header (e.g. {@code Expires}, {@code CPM-Session-State}); replaces one of the same name. */
        public Builder extra(String name, String value) {
            extra.removeIf(f -> f.is(name));
            if (value != null) {
                extra.add(new HeaderField(name, value));
            }
            return this;
        }

        public CpmObjectHeaders build() {
            return new CpmObjectHeaders(date, from, to, subject, conversationId, contributionId,
                    inReplyToContributionId, imdnMessageId, messageDirection, messageContext, messageCorrelator,
                    messageId, extra);
        }
    }
}
