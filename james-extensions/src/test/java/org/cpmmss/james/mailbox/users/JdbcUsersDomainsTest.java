package org.cpmmss.james.mailbox.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersDAO;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.server.CpmMssConfiguration;
import org.cpmmss.james.server.CpmMssServer;
import org.cpmmss.james.server.modules.H2DatabaseModule;
import org.cpmmss.james.server.modules.PostgresqlJamesDatabaseModule;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accounts, domains, rewrites and mail repository names as plain JDBC over the tables of James's JPA entities, on the
 * embedded H2 file (the shipped james-database.properties) and on PostgreSQL: what James's JPA repositories wrote is
 * read back (accounts created before the switch log in with their password, whatever the hash algorithm), and what is
 * written here reads back through James's JPA code (a rollback to an older build keeps its accounts).
 */
class JdbcUsersDomainsTest {
    private static final List<String> ALGORITHMS = List.of("PBKDF2-SHA512", "PBKDF2", "SHA-512", "SHA-256/salted",
        "SHA-1", "MD5", "NONE");

    @TempDir
    Path work;

    private EntityManagerFactory jpa;
    private JamesDatabase database;

    @AfterEach
    void close() {
        if (jpa != null) {
            jpa.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void accountsWrittenByJamesJpaRepositoryLogInThroughJdbc(String backend) throws Exception {
        open(backend);
        for (int i = 0; i < ALGORITHMS.size(); i++) {
            jpaUsers(ALGORITHMS.get(i)).addUser(Username.of("User" + i + "@Example.com"), "secret-" + i);
        }
        JdbcUsersDao users = new JdbcUsersDao(database);

        assertThat(users.countUsers()).isEqualTo(ALGORITHMS.size());
        List<Username> listed = new ArrayList<>();
        users.list().forEachRemaining(listed::add);
        assertThat(listed).hasSize(ALGORITHMS.size()).contains(Username.of("user0@example.com"));
        for (int i = 0; i < ALGORITHMS.size(); i++) {
            Username name = Username.of("user" + i + "@example.com");
            assertThat(users.contains(Username.of("USER" + i + "@example.com"))).isTrue();
            User user = users.getUserByName(name).orElseThrow();
            assertThat(user.verifyPassword("secret-" + i)).as(ALGORITHMS.get(i)).isTrue();
            assertThat(user.verifyPassword("secret-" + (i + 1))).as(ALGORITHMS.get(i)).isFalse();
        }
        assertThat(users.getUserByName(Username.of("nobody@example.com"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void accountsWrittenThroughJdbcLogInThroughJamesJpaRepository(String backend) throws Exception {
        open(backend);
        JdbcUsersDao users = new JdbcUsersDao(database);
        users.setAlgorithm("PBKDF2-SHA512");
        users.addUser(Username.of("Alice@example.com"), "first");
        users.addUser(Username.of("bob@example.com"), "bob");
        User alice = users.getUserByName(Username.of("alice@example.com")).orElseThrow();
        alice.setPassword("second");
        users.updateUser(alice);
        users.removeUser(Username.of("bob@example.com"));

        JPAUsersDAO jamesUsers = jpaUsers("SHA-512");
        assertThat(jamesUsers.getUserByName(Username.of("alice@example.com")).orElseThrow().verifyPassword("second"))
            .isTrue();
        assertThat(jamesUsers.getUserByName(Username.of("alice@example.com")).orElseThrow().verifyPassword("first"))
            .isFalse();
        assertThat(jamesUsers.contains(Username.of("bob@example.com"))).isFalse();
        assertThatThrownBy(() -> users.addUser(Username.of("alice@example.com"), "again"))
            .isInstanceOf(UsersRepositoryException.class);
        assertThatThrownBy(() -> users.removeUser(Username.of("bob@example.com")))
            .isInstanceOf(UsersRepositoryException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void domainsRewritesAndRepositoryNamesKeepJamesTables(String backend) throws Exception {
        open(backend);
        EntityManager writer = jpa.createEntityManager();
        writer.getTransaction().begin();
        writer.createNativeQuery("INSERT INTO JAMES_DOMAIN (DOMAIN_NAME) VALUES ('old.example.com')").executeUpdate();
        writer.createNativeQuery("INSERT INTO JAMES_RECIPIENT_REWRITE (USER_NAME, DOMAIN_NAME, TARGET_ADDRESS)"
            + " VALUES ('alias', 'example.com', 'alice@example.com')").executeUpdate();
        writer.getTransaction().commit();
        writer.close();

        JdbcDomainList domains = new JdbcDomainList(null, database);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).cacheEnabled(false)
            .build());
        domains.addDomain(Domain.of("New.Example.com"));
        assertThat(domains.containsDomain(Domain.of("old.example.com"))).isTrue();
        assertThat(domains.getDomains()).contains(Domain.of("old.example.com"), Domain.of("new.example.com"));
        assertThatThrownBy(() -> domains.addDomain(Domain.of("new.example.com")))
            .hasMessageContaining("already exists");
        domains.removeDomain(Domain.of("old.example.com"));
        assertThat(domains.containsDomain(Domain.of("old.example.com"))).isFalse();

        JdbcRecipientRewriteTable rewrites = new JdbcRecipientRewriteTable(database);
        MappingSource alias = MappingSource.fromUser("alias", "example.com");
        assertThat(rewrites.getStoredMappings(alias)).containsExactly(Mapping.of("alice@example.com"));
        rewrites.addMapping(alias, Mapping.alias("bob@example.com"));
        rewrites.addMapping(MappingSource.fromUser("fwd", "example.com"), Mapping.forward("carol@example.com"));
        assertThat(rewrites.getStoredMappings(alias)).hasSize(2);
        assertThat(rewrites.getAllMappings()).hasSize(2);
        assertThat(rewrites.listSources(Mapping.forward("carol@example.com")))
            .containsExactly(MappingSource.fromUser("fwd", "example.com"));
        rewrites.removeMapping(alias, Mapping.of("alice@example.com"));
        rewrites.removeMapping(alias, Mapping.alias("bob@example.com"));
        assertThat(rewrites.getStoredMappings(alias)).isEmpty();

        JdbcMailRepositoryUrlStore urls = new JdbcMailRepositoryUrlStore(database);
        MailRepositoryUrl error = MailRepositoryUrl.from("file://var/mail/error/");
        urls.add(error);
        urls.add(error);
        assertThat(urls.contains(error)).isTrue();
        assertThat(urls.listDistinct()).containsExactly(error);

        EntityManager reader = jpa.createEntityManager();
        assertThat(reader.createNativeQuery("SELECT DOMAIN_NAME FROM JAMES_DOMAIN").getResultList())
            .contains("new.example.com").doesNotContain("old.example.com"); // and the default domain (localhost)
        assertThat(reader.createNativeQuery("SELECT MAIL_REPO_NAME FROM JAMES_MAIL_REPOS").getResultList())
            .containsExactly(error.asString());
        reader.close();
    }

    private JPAUsersDAO jpaUsers(String algorithm) {
        JPAUsersDAO users = new JPAUsersDAO();
        users.setEntityManagerFactory(jpa);
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("algorithm", algorithm);
        users.configure(configuration);
        return users;
    }

    /** James's JPA unit first (it creates its tables, as before the switch), then the JDBC side on the same database. */
    private void open(String backend) throws Exception {
        if (backend.equals("postgresql")) {
            PostgresqlSettings settings = new PostgresqlSettings(PostgresTestServer.shared().newDatabase("jdbc_users"),
                PostgresTestServer.APP_USER, PostgresTestServer.APP_PASSWORD, 4);
            jpa = PostgresqlJamesDatabaseModule.open(settings);
            database = PostgresqlJamesDatabaseModule.openJdbc(settings);
            return;
        }
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.copy(CpmMssTestServer.shippedConfDirectory().resolve("james-database.properties"),
            conf.resolve("james-database.properties"));
        CpmMssConfiguration configuration = CpmMssServer.configuration(conf.toFile(),
            Files.createDirectories(work.resolve("data")).toFile());
        PropertiesProvider properties = new PropertiesProvider(new FileSystemImpl(configuration.directories()),
            configuration.configurationPath());
        jpa = H2DatabaseModule.open(properties);
        jpa.createEntityManager().close();
        database = H2DatabaseModule.openJdbc(properties);
    }
}
