package org.cpmmss.cpm.cpim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.cpmmss.cpm.CpmFormatException;
import org.junit.jupiter.api.Test;

/** CPIM From/To/cc must be [name] &lt;URI&gt; with a CPM URI, DateTime RFC 3339 (found by the hostile corpus). */
class CpimHeaderCheckTest {
    private final CpimHeaderCheck check = new CpimHeaderCheck();

    private static CpimMessage cpim(String headers) throws CpmFormatException {
        return CpimMessage.parse((headers + "\r\nContent-Type: text/plain\r\n\r\nhi\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsCpmAddressesAndRfc3339() throws Exception {
        check.check(cpim("From: \"Bob\" <tel:+33677777777>\r\nTo: <sip:anonymous@anonymous.invalid>\r\n"
            + "cc: <im:carol@example.com>\r\nDateTime: 2016-03-25T10:45:40+01:00\r\n"));
        check.check(cpim("From: <sip:bob@example.com>\r\nDateTime: 2016-03-25T10:45:40+0100\r\n"));
        check.check(cpim("Subject: no addresses at all\r\n"));
    }

    @Test
    void refusesWhatIsNotAnAddressOrADate() {
        String[] bad = {
            "From: <<<>>>\r\n", "From: <>\r\n", "From: <javascript:alert(1)>\r\n", "From: tel:+33677777777\r\n",
            "To: just words\r\n", "To: <tel:abc>\r\n", "cc: <http://x>\r\n", "From: <sip:a b@example.com>\r\n",
            "DateTime: not-a-date\r\n", "DateTime: 2016-13-25T10:45:40Z\r\n", "DateTime: 2016-03-25 10:45:40\r\n",
        };
        for (String headers : bad) {
            assertThatThrownBy(() -> check.check(cpim(headers))).as(headers).isInstanceOf(CpmFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("CPIM "));
        }
    }
}
