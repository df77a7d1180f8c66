package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.cpmmss.james.http.ChatSession;
import org.cpmmss.james.http.SessionRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP chat sessions behave the same on H2 and on PostgreSQL. */
class SessionRepositoryContractTest extends StateContractSupport {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aSessionIsOpenedOnceAndClosedOnce(String kind) {
        SessionRepository sessions = backend(kind).sessionRepository();
        ChatSession open = new ChatSession("c1", "conv1", Optional.empty(), "sip:+1@example.com", "sip:+2@example.com",
            true, Optional.of("topic"), List.of("alice@example.com", "bob@example.com"), ChatSession.State.OPEN,
            T0.plusMillis(123), Optional.empty());
        assertThat(sessions.find("c1")).isEmpty();
        sessions.open(open);
        sessions.open(new ChatSession("c1", "other", Optional.of("c0"), "x", "y", false, Optional.empty(), List.of(),
            ChatSession.State.OPEN, T0, Optional.empty()));
        assertThat(sessions.find("c1")).contains(open);

        sessions.close("c1", T0.plusSeconds(5));
        sessions.close("c1", T0.plusSeconds(9));
        ChatSession closed = sessions.find("c1").orElseThrow();
        assertThat(closed.state()).isEqualTo(ChatSession.State.CLOSED);
        assertThat(closed.closedAt()).contains(T0.plusSeconds(5));
        assertThat(closed.owners()).containsExactly("alice@example.com", "bob@example.com");
    }
}
