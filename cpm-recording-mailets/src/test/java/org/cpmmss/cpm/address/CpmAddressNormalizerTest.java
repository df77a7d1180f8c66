package org.cpmmss.cpm.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpmAddressNormalizerTest {
    private final CpmAddressNormalizer strict = new CpmAddressNormalizer();
    private final CpmAddressNormalizer french = new CpmAddressNormalizer("+33");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tel:+33612345678|tel:+33612345678",
        "tel:+33-6-12.34(56)78|tel:+33612345678",
        "TEL:+33 6 12 34 56 78|tel:+33612345678",
        "<tel:+33612345678>|tel:+33612345678",
        "\"Bob\" <tel:+1-613-555-1212>|tel:+16135551212",
        "+33612345678|tel:+33612345678",
        "sip:+33612345678@ims.example.com;user=phone|tel:+33612345678",
        "sip:+33612345678@ims.example.com|tel:+33612345678",
        "sips:+1-613-555-1212@ims.example.com:5061;user=phone|tel:+16135551212",
        "sip:alice@Example.COM|sip:alice@example.com",
        "sip:alice@example.com:5060;transport=tcp?subject=x|sip:alice@example.com",
        "sip:Conference-Factory@volteofr.com|sip:Conference-Factory@volteofr.com",
        "sip:anonymous@anonymous.invalid|sip:anonymous@anonymous.invalid",
        "<sip:anonymous@anonymous.invalid>|sip:anonymous@anonymous.invalid",
        "tel:6135551212;phone-context=+1|tel:+16135551212",
    })
    void normalises(String in, String expected) throws Exception {
        assertThat(strict.normalize(in).uri()).isEqualTo(expected);
    }

    @Test
    void anonymousIsItsOwnKind() throws Exception {
        assertThat(strict.normalize("sip:anonymous@anonymous.invalid").isAnonymous()).isTrue();
        assertThat(strict.normalize("sip:anonymous@anonymous.invalid")).isEqualTo(CpmAddress.ANONYMOUS);
    }

    @Test
    void nationalNumbersNeedACountryCode() throws Exception {
        assertThatThrownBy(() -> strict.normalize("tel:0612345678"))
                .isInstanceOf(InvalidAddressException.class).hasMessageContaining("national number");
        assertThatThrownBy(() -> strict.normalize("sip:0612345678@ims.example.com;user=phone"))
                .isInstanceOf(InvalidAddressException.class);
        assertThat(french.normalize("tel:06 12 34 56 78").uri()).isEqualTo("tel:+33612345678");
        assertThat(french.normalize("sip:0612345678@ims.example.com;user=phone").uri()).isEqualTo("tel:+33612345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "mailto:bob@example.com", "tel:", "tel:+", "tel:+33abc", "tel:+0123456",
        "tel:+1234567890123456", "sip:example.com", "sip:@example.com", "sip:bob@", "sip:bob@exa mple.com",
        "sip:bob@ex*ample.com", "tel:+3361\r\n2345678", "<tel:+33612345678", "tel:+33612345678>",
        "sip:bo<b@example.com"})
    void refusesMalformed(String in) {
        assertThatThrownBy(() -> strict.normalize(in)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void refusesBadCountryCode() {
        assertThatThrownBy(() -> new CpmAddressNormalizer("0033")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapsAddressesToAccounts() throws Exception {
        AccountMapper mapper = new AccountMapper("example.com", Set.of("corp.example.org"));
        assertThat(mapper.account(strict.normalize("tel:+33612345678"))).contains("+33612345678@example.com");
        assertThat(mapper.account(strict.normalize("sip:+33612345678@ims.other.net;user=phone")))
                .contains("+33612345678@example.com");
        assertThat(mapper.account(strict.normalize("sip:alice@corp.example.org"))).contains("alice@corp.example.org");
        assertThat(mapper.account(strict.normalize("sip:bob@example.com"))).contains("bob@example.com");
        assertThat(mapper.account(strict.normalize("sip:carol@elsewhere.net"))).isEmpty();
        assertThat(mapper.account(CpmAddress.ANONYMOUS)).isEmpty();
        assertThatThrownBy(() -> mapper.requireAccount(strict.normalize("sip:carol@elsewhere.net")))
                .isInstanceOf(InvalidAddressException.class).hasMessageContaining("not hosted");
    }
}
