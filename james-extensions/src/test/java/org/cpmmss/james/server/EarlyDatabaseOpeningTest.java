package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.cpmmss.james.mailbox.users.JamesDatabase;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.ProvisionException;

/**
 * The run command opens the database before Guice asks for it: the server gets working JDBC connections and a
 * persistence unit (opened on first use) on the real H2 file, and a database that cannot be opened still stops the
 * start with its cause.
 */
class EarlyDatabaseOpeningTest {
    @TempDir
    Path work;

    @Test
    void opensTheConfiguredH2DatabaseForTheServer() throws Exception {
        Path conf = conf("database.driverClassName=org.h2.Driver\n"
            + "database.url=jdbc:h2:reopenable:async:${sys:cpm.data.dir}/h2/james;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;NON_KEYWORDS=VALUE\\,KEY\\,USER\n"
            + "openjpa.jdbc.DBDictionary=h2(BooleanRepresentation=BOOLEAN)\n"
            + "openjpa.jdbc.SchemaFactory=dynamic\n");
        EarlyDatabaseOpening opening = EarlyDatabaseOpening.start(CpmMssServer.configuration(conf.toFile(), data().toFile()));

        EntityManagerFactory factory = Guice.createInjector(opening.module()).getInstance(EntityManagerFactory.class);
        try {
            EntityManager entityManager = factory.createEntityManager();
            Number mailboxes = (Number) entityManager.createNativeQuery("SELECT COUNT(*) FROM JAMES_MAILBOX").getSingleResult();
            entityManager.close();
            assertThat(mailboxes.longValue()).as("James's schema was created in the H2 file").isZero();
            assertThat(data().resolve("h2/james.mv.db")).exists();
        } finally {
            factory.close();
        }
    }

    @Test
    void closeReleasesTheShippedDatabaseFile() throws Exception {
        // the shipped URL keeps the database open when its last connection closes (DB_CLOSE_DELAY=-1): close() must
        // still close the file, or the next run (or a backup tool) finds it in use and H2 never compacts it
        Path conf = conf(Files.readString(CpmMssTestServer.shippedConfDirectory().resolve("james-database.properties")));
        EarlyDatabaseOpening opening = EarlyDatabaseOpening.start(CpmMssServer.configuration(conf.toFile(), data().toFile()));
        EntityManagerFactory factory = Guice.createInjector(opening.module()).getInstance(EntityManagerFactory.class);
        EntityManager entityManager = factory.createEntityManager();
        entityManager.getTransaction().begin();
        entityManager.createNativeQuery("INSERT INTO JAMES_DOMAIN (DOMAIN_NAME) VALUES ('close.test')").executeUpdate();
        entityManager.getTransaction().commit();
        entityManager.close();

        opening.close();

        assertThat(factory.isOpen()).isFalse();
        // a plain file: URL opens the file itself: it fails with "Database may be already in use" while this JVM holds it
        String plainUrl = "jdbc:h2:" + data().resolve("h2/james").toAbsolutePath() + ";IFEXISTS=TRUE;NON_KEYWORDS=VALUE,KEY,USER";
        try (Connection connection = DriverManager.getConnection(plainUrl, "", "");
             Statement statement = connection.createStatement();
             ResultSet domains = statement.executeQuery("SELECT DOMAIN_NAME FROM JAMES_DOMAIN")) {
            assertThat(domains.next()).as("the committed row is in the file").isTrue();
            assertThat(domains.getString(1)).isEqualTo("close.test");
        }
    }

    @Test
    void aDatabaseThatCannotOpenStopsTheStartWithItsCause() throws Exception {
        Path conf = conf("database.driverClassName=org.h2.Driver\n");
        EarlyDatabaseOpening opening = EarlyDatabaseOpening.start(CpmMssServer.configuration(conf.toFile(), data().toFile()));

        assertThatThrownBy(() -> Guice.createInjector(opening.module()).getInstance(JamesDatabase.class))
            .isInstanceOf(ProvisionException.class)
            .hasStackTraceContaining("must set database.url");
    }

    @Test
    void withThePostgresqlBackendTwoNodesOpeningAtOnceShareJamesTablesOnPostgresql() throws Exception {
        String url = PostgresTestServer.shared().newDatabase("early_jpa");
        List<EarlyDatabaseOpening> nodes = new ArrayList<>();
        for (String node : List.of("a", "b")) {
            Path conf = Files.createDirectories(work.resolve(node).resolve("conf"));
            // the H2 file of james-database.properties must not be used: a wrong driver would fail the start
            Files.writeString(conf.resolve("james-database.properties"), "database.driverClassName=no.such.Driver\n");
            Files.writeString(conf.resolve("storage.properties"), "storage.backend=postgresql\n"
                + "storage.postgresql.url=" + url + "\nstorage.postgresql.user=" + PostgresTestServer.APP_USER
                + "\nstorage.postgresql.password=" + PostgresTestServer.APP_PASSWORD + "\n");
            Path data = Files.createDirectories(work.resolve(node).resolve("data"));
            nodes.add(EarlyDatabaseOpening.start(CpmMssServer.configuration(conf.toFile(), data.toFile())));
        }
        EntityManagerFactory a = Guice.createInjector(nodes.get(0).module()).getInstance(EntityManagerFactory.class);
        EntityManagerFactory b = Guice.createInjector(nodes.get(1).module()).getInstance(EntityManagerFactory.class);
        try {
            EntityManager writer = a.createEntityManager();
            writer.getTransaction().begin();
            writer.createNativeQuery("INSERT INTO JAMES_DOMAIN (DOMAIN_NAME) VALUES ('shared.test')").executeUpdate();
            writer.getTransaction().commit();
            writer.close();
            EntityManager reader = b.createEntityManager();
            assertThat(reader.createNativeQuery("SELECT DOMAIN_NAME FROM JAMES_DOMAIN").getResultList())
                .containsExactly("shared.test");
            reader.close();
            assertThat(work.resolve("a/data/h2/james.mv.db")).doesNotExist();
        } finally {
            nodes.forEach(EarlyDatabaseOpening::close);
        }
        assertThat(a.isOpen()).isFalse();
    }

    private Path conf(String databaseProperties) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("james-database.properties"), databaseProperties);
        return conf;
    }

    private Path data() throws Exception {
        return Files.createDirectories(work.resolve("data"));
    }
}
