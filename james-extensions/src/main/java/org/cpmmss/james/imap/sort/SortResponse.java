package org.cpmmss.james.imap.sort;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.api.message.response.ImapResponseMessage;

/**
 * {@code * SORT n...} in sort order, or for ESORT {@code * ESEARCH (TAG "t") [UID] MIN a MAX b COUNT c ALL x,y,...}
 * (RFC 5267: MIN/MAX are the first/last in sort order, ALL keeps the sort order).
 */
public final class SortResponse implements ImapResponseMessage {
    private final List<Long> ids;
    private final Optional<List<SearchResultOption>> returnOptions;
    private final Tag tag;
    private final boolean useUids;

    public SortResponse(List<Long> ids, Optional<List<SearchResultOption>> returnOptions, Tag tag, boolean useUids) {
        this.ids = List.copyOf(ids);
        this.returnOptions = returnOptions.map(List::copyOf);
        this.tag = tag;
        this.useUids = useUids;
    }

    public List<Long> getIds() {
        return ids;
    }

    public Optional<List<SearchResultOption>> getReturnOptions() {
        return returnOptions;
    }

    public Tag getTag() {
        return tag;
    }

    public boolean isUseUids() {
        return useUids;
    }
}
