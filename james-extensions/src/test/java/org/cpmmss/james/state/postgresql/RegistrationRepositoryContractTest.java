package org.cpmmss.james.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.cpmmss.james.sip.Registration;
import org.cpmmss.james.sip.RegistrationRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SIP registrations behave the same in memory (one node) and on PostgreSQL (shared by the nodes). */
class RegistrationRepositoryContractTest extends StateContractSupport {
    private static Registration until(Registration registration, long seconds) {
        return new Registration(registration.account(), registration.contact(), registration.instance(),
            T0.plusSeconds(seconds));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void bindingsAreRefreshedInPlaceLapseAndAreRemovedByKeyOrContact(String kind) {
        RegistrationRepository registrations = backend(kind).registrationRepository();
        Registration phone = new Registration("Alice@example.com", "sip:alice@10.0.0.1:5060", Optional.of("<urn:uuid:1>"),
            T0.plusSeconds(600));
        Registration tablet = new Registration("alice@example.com", "sip:alice@10.0.0.2:5060", Optional.empty(),
            T0.plusSeconds(60));
        registrations.bind(phone);
        registrations.bind(tablet);
        Registration phoneMoved = new Registration("alice@example.com", "sip:alice@10.0.0.9:5060",
            Optional.of("<urn:uuid:1>"), T0.plusSeconds(900));
        registrations.bind(phoneMoved);
        assertThat(registrations.bindings("ALICE@example.com")).containsExactly(phoneMoved, tablet);
        assertThat(registrations.bindings("bob@example.com")).isEmpty();

        clock.advance(Duration.ofSeconds(60));
        assertThat(registrations.bindings("alice@example.com")).containsExactly(phoneMoved);

        registrations.bind(until(tablet, 600));
        registrations.unbind("alice@example.com", "sip:alice@10.0.0.2:5060");
        assertThat(registrations.bindings("alice@example.com")).containsExactly(phoneMoved);
        registrations.unbind("alice@example.com", "sip:alice@10.0.0.9:5060");
        assertThat(registrations.bindings("alice@example.com")).isEmpty();

        registrations.bind(phone);
        registrations.bind(until(tablet, 600));
        registrations.unbindAll("Alice@Example.com");
        assertThat(registrations.bindings("alice@example.com")).isEmpty();
    }
}
