package org.cpmmss.james.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The {@code cpm.search.*} indexing settings as conf/cpm.properties gives them. */
class SearchIndexingSettingsTest {
    @Test
    void unsetKeysGiveTheDefaults() {
        SearchIndexingSettings settings = SearchIndexingSettings.from(Map.<String, String>of()::get);

        assertThat(settings.gatherDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.quietWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxLag()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theQuietWaitAndTheMaximumLagAreReadAndMayBeZero() {
        SearchIndexingSettings settings = SearchIndexingSettings.from(Map.of(
            "cpm.search.quiet-wait", "PT0S", "cpm.search.max-lag", "PT2M")::get);

        assertThat(settings.quietWait()).isZero();
        assertThat(settings.maxLag()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> SearchIndexingSettings.from(Map.of("cpm.search.quiet-wait", "-PT1S")::get))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpm.search.quiet-wait");
        assertThatThrownBy(() -> SearchIndexingSettings.from(Map.of("cpm.search.max-lag", "soon")::get))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpm.search.max-lag");
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
