package org.cpmmss.james.imap.profile;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapMessage;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The item order each decoded FETCH, STATUS or LIST … RETURN (STATUS …) request was written with, keyed by the
 * request object itself (identity, weakly held): the decoder records, the processor reads.
 */
public final class RequestOrders {
    private final Cache<ImapMessage, List<String>> orders = CacheBuilder.newBuilder().weakKeys().build();

    void record(ImapMessage request, List<String> items) {
        orders.put(request, List.copyOf(items));
    }

    Optional<List<String>> orderOf(ImapMessage request) {
        return Optional.ofNullable(orders.getIfPresent(request));
    }

    void forget(ImapMessage request) {
        orders.invalidate(request);
    }
}
