package org.cpmmss.james.imap.sort;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.encode.ImapResponseEncoder;

/** Writes {@link SortResponse}: RFC 5256 {@code SORT} or RFC 5267 {@code ESEARCH} (ESORT). */
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
            composer.message("ALL").message(ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        composer.end();
    }
}
