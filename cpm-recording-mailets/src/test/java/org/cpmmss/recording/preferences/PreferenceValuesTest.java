package org.cpmmss.recording.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.cpmmss.recording.policy.CpmPolicy;
import org.junit.jupiter.api.Test;

/** The one value every reader of a user's preferences gets: stored entries over the operator defaults. */
class PreferenceValuesTest {
    private final CpmPolicy policy = CpmPolicy.from(Map.of(CpmPolicy.DEFAULT_RECORDING, "off",
        CpmPolicy.DEFAULT_DEFERRED_DELIVERY, "notify")::get);

    @Test
    void withoutEntriesEveryValueIsTheOperatorDefault() {
        PreferenceValues values = PreferenceValues.of(Map.of(), policy::preferenceDefault);
        assertThat(values.recordingOn()).isFalse();
        assertThat(values.deferredDelivery()).isEqualTo("notify");
        assertThat(values.queuesDeferred()).isTrue();
        assertThat(values.deferredExpiry()).isEqualTo("handover");
        assertThat(values.doNotDisturb()).isFalse();
        assertThat(values.rejectWhenOffline()).isFalse();
        for (CpmPreference preference : CpmPreference.values()) {
            assertThat(values.isDefault(preference)).as(preference.entry()).isTrue();
            assertThat(values.ignoredValue(preference)).isEmpty();
        }
    }

    @Test
    void anEntryIsReadTrimmedAndCaseInsensitively() {
        PreferenceValues values = PreferenceValues.of(Map.of(CpmPreference.RECORDING, " ON ",
            CpmPreference.DEFERRED_DELIVERY, "Handover", CpmPreference.DO_NOT_DISTURB, "on"), policy::preferenceDefault);
        assertThat(values.recordingOn()).isTrue();
        assertThat(values.isDefault(CpmPreference.RECORDING)).isFalse();
        assertThat(values.deferredDelivery()).isEqualTo("handover");
        assertThat(values.queuesDeferred()).isFalse();
        assertThat(values.doNotDisturb()).isTrue();
    }

    @Test
    void aValueThePreferenceDoesNotAllowIsIgnoredForTheDefault() {
        PreferenceValues values = PreferenceValues.of(Map.of(CpmPreference.DEFERRED_DELIVERY, "sometimes"),
            policy::preferenceDefault);
        assertThat(values.deferredDelivery()).isEqualTo("notify");
        assertThat(values.isDefault(CpmPreference.DEFERRED_DELIVERY)).isTrue();
        assertThat(values.ignoredValue(CpmPreference.DEFERRED_DELIVERY)).contains("sometimes");
    }
}
