package org.cpmmss.james.store.api;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An unmodifiable list decoded from its stored form the first time it is read: a listing of many messages reads each
 * message's MIME properties from its row, and most answers (a header or body pass, flags) never look at them —
 * decoding them all was an eighth of a 10,000-message header pass. Decoding twice (two threads at once) gives equal
 * lists; either is kept.
 */
public final class DecodedOnUse<E> extends AbstractList<E> {
    private final Supplier<List<E>> decoder;
    private volatile List<E> decoded;

    public DecodedOnUse(Supplier<List<E>> decoder) {
        this.decoder = decoder;
    }

    private List<E> decoded() {
        List<E> list = decoded;
        if (list == null) {
            list = List.copyOf(decoder.get());
            decoded = list;
        }
        return list;
    }

    @Override
    public E get(int index) {
        return decoded().get(index);
    }

    @Override
    public int size() {
        return decoded().size();
    }
}
