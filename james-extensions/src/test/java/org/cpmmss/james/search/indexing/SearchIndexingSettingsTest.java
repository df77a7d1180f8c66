package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code cpm.search.indexing-delay} and {@code cpm.search.commit-interval} as conf/cpm.properties gives them. */
class SearchIndexingSettingsTest {
    @Test
    void unsetKeysGiveTheDefaults() {
        SearchIndexingSettings settings = SearchIndexingSettings.from(Map.<String, String>of()::get);

        assertThat(settings.gatherDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.commitInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bothKeysAreReadAsIsoDurations() {
        SearchIndexingSettings settings = SearchIndexingSettings.from(Map.of(
            "cpm.search.indexing-delay", " PT0.5S ", "cpm.search.commit-interval", "PT30S")::get);

        assertThat(settings.gatherDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.commitInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCommitIntervalThatIsNotAPositiveDurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> SearchIndexingSettings.from(Map.of("cpm.search.commit-interval", "PT0S")::get))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpm.search.commit-interval");
        assertThatThrownBy(() -> SearchIndexingSettings.from(Map.of("cpm.search.commit-interval", "1s")::get))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpm.search.commit-interval");
    }
}
