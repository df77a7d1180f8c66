package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.message.response.StatusResponse;
import org.junit.jupiter.api.Test;

/** The one class reaching into James's private members: its self-check, and each member on this James. */
class JamesInternalsTest {
    @Test
    void everyMemberIsPresentInTheJamesOnTheClassPath() {
        assertThat(JamesInternals.problems()).isEmpty();
    }

    @Test
    void aMissingMemberIsReportedByNameInsteadOfBeingNull() {
        List<String> problems = new ArrayList<>();
        Object found = JamesInternals.find("ImapSession.connection",
            () -> org.apache.james.imap.api.process.ImapSession.class.getDeclaredField("connection"), problems);
        assertThat(found).isNull();
        assertThat(problems).singleElement().asString()
            .startsWith("ImapSession.connection: NoSuchFieldException");
    }

    @Test
    void thePresentMembersAreFoundWithoutProblems() {
        List<String> problems = new ArrayList<>();
        assertThat(JamesInternals.find("ResponseCode(String)",
            () -> StatusResponse.ResponseCode.class.getDeclaredConstructor(String.class), problems)).isNotNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void theCannotCodeIsBuiltAsRfc5530WritesIt() {
        assertThat(JamesInternals.responseCode("CANNOT").getCode()).isEqualTo("CANNOT");
    }

    @Test
    void aSessionThatIsNotJamesNettySessionHasNoChannel() {
        org.apache.james.imap.api.process.ImapSession notNetty = (org.apache.james.imap.api.process.ImapSession)
            java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.apache.james.imap.api.process.ImapSession.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThat(JamesInternals.channelOf(notNetty)).isEmpty();
    }
}
