package org.cpmmss.james.imap.conformance;

import java.util.List;

import org.apache.james.imap.message.request.ListRequest;

/**
 * A LIST with a pattern list (RFC 5258 section 3): one James {@link ListRequest} per pattern, same tag, reference
 * and options. It is itself the first of them, so that decorators reading a LIST's options see this one's.
 */
final class PatternListRequest extends ListRequest {
    private final List<ListRequest> perPattern;

    PatternListRequest(List<ListRequest> perPattern) {
        super(perPattern.get(0).getCommand(), perPattern.get(0).getBaseReferenceName(), perPattern.get(0).getMailboxPattern(),
            perPattern.get(0).getTag(), perPattern.get(0).getSelectOptions(), perPattern.get(0).getReturnOptions(),
            perPattern.get(0).getStatusDataItems());
        this.perPattern = List.copyOf(perPattern);
    }

    List<ListRequest> perPattern() {
        return perPattern;
    }
}
