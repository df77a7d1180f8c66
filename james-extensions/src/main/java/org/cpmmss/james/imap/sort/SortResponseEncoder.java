package org.cpmmss.james.imap.sort;

import java.io.IOException;
import java.util.List;

import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

/** Writes {@link SortResponse}: RFC 5256 {@code SORT} or RFC 5267 {@code ESEARCH} (ESORT, ALL as a sequence-set). */
public class SortResponseEncoder implements ImapResponseEncoder<SortResponse> {
    @Override
    public Class<SortResponse> acceptableMessages() {
        return SortResponse.class;
    }

    @Override
    public void encode(SortResponse response, ImapResponseComposer composer) throws IOException {
        composer.untagged();
        if (response.getReturnOptions().isEmpty()) {
            composer.message("SORT");
            for (long id : response.getIds()) {
                composer.message(id);
            }
            composer.end();
            return;
        }
        List<SearchResultOption> options = response.getReturnOptions().get();
        List<Long> ids = response.getIds();
        composer.message("ESEARCH");
        composer.openParen();
        composer.message("TAG");
        composer.quote(response.getTag().asString());
        composer.closeParen();
        if (response.isUseUids()) {
            composer.message("UID");
        }
        if (!ids.isEmpty() && options.contains(SearchResultOption.MIN)) {
            composer.message("MIN").message(ids.get(0));
        }
        if (!ids.isEmpty() && options.contains(SearchResultOption.MAX)) {
            composer.message("MAX").message(ids.get(ids.size() - 1));
        }
        if (options.contains(SearchResultOption.COUNT)) {
            composer.message("COUNT").message(ids.size());
        }
        if (!ids.isEmpty() && options.contains(SearchResultOption.ALL)) {
            composer.message("ALL").message(sequenceSet(ids));
        }
        composer.end();
    }

    /**
     * The ids in sort order as an RFC 5267 sequence-set: each run of consecutive ascending ids written
     * {@code first:last}, the order of the runs kept ("3,1:2,5", never re-sorted).
     */
    static String sequenceSet(List<Long> ids) {
        StringBuilder set = new StringBuilder();
        int i = 0;
        while (i < ids.size()) {
            int j = i;
            while (j + 1 < ids.size() && ids.get(j + 1) == ids.get(j) + 1) {
                j++;
            }
            if (set.length() > 0) {
                set.append(',');
            }
            set.append(ids.get(i));
            if (j > i) {
                set.append(':').append(ids.get(j));
            }
            i = j + 1;
        }
        return set.toString();
    }
}
