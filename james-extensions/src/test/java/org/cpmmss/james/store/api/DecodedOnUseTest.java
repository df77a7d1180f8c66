package org.cpmmss.james.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DecodedOnUseTest {
    private static final List<MimeProperty> PROPERTIES = List.of(
        new MimeProperty("http://james.apache.org/rfc2045/Content-Type/params", "charset", "utf-8"),
        new MimeProperty("http://james.apache.org/rfc2045", "Content-Transfer-Encoding", "8bit"));

    @Test
    void decodesOnceOnFirstReadAndNeverBefore() {
        AtomicInteger decodes = new AtomicInteger();
        MimeSummary summary = new MimeSummary("text", "plain", 1L, new DecodedOnUse<>(() -> {
            decodes.incrementAndGet();
            return PROPERTIES;
        }));
        assertThat(decodes).hasValue(0);

        assertThat(summary.properties()).isEqualTo(PROPERTIES);
        assertThat(summary.properties().get(1).name()).isEqualTo("Content-Transfer-Encoding");
        assertThat(summary).isEqualTo(new MimeSummary("text", "plain", 1L, PROPERTIES));
        assertThat(decodes).hasValue(1);
    }

    @Test
    void isUnmodifiable() {
        List<MimeProperty> list = new DecodedOnUse<>(() -> new java.util.ArrayList<>(PROPERTIES));
        assertThatThrownBy(() -> list.add(PROPERTIES.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(list).hasSize(2);
    }
}
