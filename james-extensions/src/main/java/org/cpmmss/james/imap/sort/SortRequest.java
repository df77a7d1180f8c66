package org.cpmmss.james.imap.sort;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.message.request.AbstractImapRequest;
import org.apache.james.mailbox.model.SearchQuery;

/** A decoded {@code SORT} / {@code UID SORT} (RFC 5256), optionally with an ESORT {@code RETURN} (RFC 5267). */
public final class SortRequest extends AbstractImapRequest {
    private final List<SearchQuery.Sort> sorts;
    private final SearchKey searchKey;
    private final boolean useUids;
    private final Optional<List<SearchResultOption>> returnOptions;

    public SortRequest(Tag tag, List<SearchQuery.Sort> sorts, SearchKey searchKey, boolean useUids,
                       Optional<List<SearchResultOption>> returnOptions) {
        super(tag, SortImapPackage.SORT);
        this.sorts = List.copyOf(sorts);
        this.searchKey = searchKey;
        this.useUids = useUids;
        this.returnOptions = returnOptions.map(List::copyOf);
    }

    public List<SearchQuery.Sort> getSorts() {
        return sorts;
    }

    public SearchKey getSearchKey() {
        return searchKey;
    }

    public boolean isUseUids() {
        return useUids;
    }

    /** Present for ESORT ({@code SORT RETURN (...)}). */
    public Optional<List<SearchResultOption>> getReturnOptions() {
        return returnOptions;
    }
}
