package org.cpmmss.james.mailbox.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.james.testing.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner directory reads the hosted domains at most every 10 s (the domain list's documented read cache), not for
 * every address, and sees a domain added over WebAdmin once that time has passed; accounts are looked up each time.
 * James's in-memory domain list and users repository, its list reads counted.
 */
class UsersRepositoryOwnerDirectoryTest {
    private final AtomicInteger listReads = new AtomicInteger();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T20:00:00Z"));
    private MemoryDomainList domains;
    private MemoryUsersRepository users;
    private UsersRepositoryOwnerDirectory directory;

    @BeforeEach
    void setUp() throws Exception {
        domains = new MemoryDomainList(null) {
            @Override
            protected List<Domain> getDomainListInternal() {
                listReads.incrementAndGet();
                return super.getDomainListInternal();
            }
        };
        domains.configure(DomainListConfiguration.builder().defaultDomain(Domain.of("example.com"))
            .autoDetect(false).autoDetectIp(false).build());
        users = MemoryUsersRepository.withVirtualHosting(domains);
        users.addUser(Username.of("+15550001@example.com"), "pw");
        users.addUser(Username.of("alice@example.com"), "pw");
        directory = new UsersRepositoryOwnerDirectory(domains, users, clock);
    }

    @Test
    void theHostedDomainsAreReadOnceForManyAddressesAndAgainAfterTenSeconds() throws Exception {
        listReads.set(0);
        for (int i = 0; i < 50; i++) {
            assertThat(directory.account(CpmAddress.fromCanonicalUri("tel:+15550001"))).contains("+15550001@example.com");
        }
        assertThat(listReads.get()).as("domain list reads for 50 addresses").isEqualTo(1);

        domains.addDomain(Domain.of("other.example"));
        users.addUser(Username.of("bob@other.example"), "pw");
        assertThat(directory.mapper().hostedDomains()).as("within 10 s: the reading made before")
            .doesNotContain("other.example");

        clock.advance(Duration.ofSeconds(10));
        assertThat(directory.mapper().hostedDomains()).contains("example.com", "other.example");
        assertThat(directory.account(CpmAddress.fromCanonicalUri("sip:bob@other.example"))).contains("bob@other.example");
        assertThat(listReads.get()).isEqualTo(2);
    }

    @Test
    void accountsAreLookedUpEachTime() throws Exception {
        assertThat(directory.account(CpmAddress.fromCanonicalUri("sip:alice@example.com"))).contains("alice@example.com");

        users.removeUser(Username.of("alice@example.com"));

        assertThat(directory.account(CpmAddress.fromCanonicalUri("sip:alice@example.com"))).isEmpty();
    }
}
