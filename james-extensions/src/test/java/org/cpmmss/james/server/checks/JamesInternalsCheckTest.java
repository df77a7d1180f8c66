package org.cpmmss.james.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.lifecycle.api.StartUpCheck.ResultType;
import org.junit.jupiter.api.Test;

/** The start-up self-check of the private James members cpm-mss reaches (JamesInternals). */
class JamesInternalsCheckTest {
    @Test
    void refusesTheStartNamingEveryMissingMember() {
        var result = JamesInternalsCheck.result(List.of(
            "NettyImapSession.channel: NoSuchFieldException channel",
            "StatusResponse.ResponseCode(String): NoSuchMethodException"));
        assertThat(result.getResultType()).isEqualTo(ResultType.BAD);
        assertThat(result.getName()).isEqualTo(JamesInternalsCheck.CHECK_NAME);
        assertThat(result.getDescription()).get().asString()
            .contains("NettyImapSession.channel: NoSuchFieldException")
            .contains("StatusResponse.ResponseCode(String)");
    }

    @Test
    void passesOnTheJamesOnTheClassPath() {
        assertThat(new JamesInternalsCheck().check().getResultType()).isEqualTo(ResultType.GOOD);
    }
}
