package org.cpmmss.recording.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.InvalidAddressException;
import org.junit.jupiter.api.Test;

/** {@code cpm.address.country-code} and {@code cpm.group.conference-factory-uris} as read from cpm.properties. */
class CpmPolicyAddressKeysTest {
    static CpmPolicy policy(Map<String, String> keys) {
        return CpmPolicy.from(keys::get);
    }

    @Test
    void theCountryCodeGlobalisesNationalNumbersAndItsAbsenceRefusesThem() throws Exception {
        assertThat(policy(Map.of("cpm.address.country-code", "33")).addressNormalizer().normalize("tel:0612345678"))
            .isEqualTo(new CpmAddress(CpmAddress.Kind.TEL, "+33612345678"));
        assertThatThrownBy(() -> CpmPolicy.defaults().addressNormalizer().normalize("tel:0612345678"))
            .isInstanceOf(InvalidAddressException.class).hasMessageContaining("no country code configured");
    }

    @Test
    void aMalformedCountryCodeStopsTheStartNamingTheKey() {
        for (String bad : new String[] {"+33", "0", "3333", "fr"}) {
            assertThatThrownBy(() -> policy(Map.of("cpm.address.country-code", bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpm.address.country-code");
        }
    }

    @Test
    void conferenceFactoryUrisAreListedOrRecognisedByTheirUserPart() throws Exception {
        CpmPolicy p = policy(Map.of("cpm.group.conference-factory-uris", " sip:Groups@IMS.example.com , sip:x@y.example"));
        GroupUris uris = p.conferenceFactoryUris();
        var n = p.addressNormalizer();
        assertThat(uris.isGroupUri(n.normalize("sip:groups@ims.example.com"))).isTrue();
        assertThat(uris.isGroupUri(n.normalize("<sip:x@y.example;transport=tcp>"))).isTrue();
        assertThat(uris.isGroupUri(n.normalize("sip:Conference-Factory@anywhere.example"))).isTrue();
        assertThat(uris.isGroupUri(n.normalize("sip:bob@ims.example.com"))).isFalse();
        assertThat(uris.isGroupUri(n.normalize("tel:+33612345678"))).isFalse();
        assertThat(uris.isGroupUri(CpmAddress.ANONYMOUS)).isFalse();
        assertThatThrownBy(() -> policy(Map.of("cpm.group.conference-factory-uris", "not a uri")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpm.group.conference-factory-uris");
    }
}
