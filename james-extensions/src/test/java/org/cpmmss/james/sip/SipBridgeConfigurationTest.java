package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code conf/sipserver.properties} read into its settings: {@code sip.push.timeout} takes seconds, as documented, or
 * a duration in the one syntax of the server's other settings; a value that is neither is refused naming the key.
 */
class SipBridgeConfigurationTest {
    private static SipBridgeConfiguration with(String key, String value) {
        return SipBridgeConfiguration.from(Map.of(key, value)::get);
    }

    @Test
    void pushTimeoutIsSecondsOrADuration() {
        assertThat(SipBridgeConfiguration.defaults().pushTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(with("sip.push.timeout", "25").pushTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(with("sip.push.timeout", "2m").pushTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(with("sip.push.timeout", "PT1.5S").pushTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aBadPushTimeoutNamesTheKey() {
        assertThatThrownBy(() -> with("sip.push.timeout", "soon")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sip.push.timeout");
        assertThatThrownBy(() -> with("sip.push.timeout", "-PT5S")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sip.push.timeout");
    }
}
