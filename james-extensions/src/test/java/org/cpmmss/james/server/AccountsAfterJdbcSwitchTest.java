package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Username;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.user.jpa.JPAUsersDAO;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.server.modules.H2DatabaseModule;
import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by a build whose accounts went through James's JPA repository (OpenJPA) keeps working
 * after the switch to plain JDBC: the account logs in over IMAP with its password, a wrong one is refused, and its
 * domain is still hosted.
 */
class AccountsAfterJdbcSwitchTest {
    @TempDir
    Path work;

    @Test
    void anAccountCreatedThroughJamesJpaRepositoryLogsInAfterTheSwitch() throws Exception {
        CpmMssTestServer server = CpmMssTestServer.withFreshData(work);
        CpmMssConfiguration configuration = CpmMssServer.configuration(server.confDirectory().toFile(),
            server.dataDirectory().toFile());
        PropertiesProvider properties = new PropertiesProvider(new FileSystemImpl(configuration.directories()),
            configuration.configurationPath());
        EntityManagerFactory jpa = H2DatabaseModule.open(properties);
        try {
            JPAUsersDAO users = new JPAUsersDAO();
            users.setEntityManagerFactory(jpa);
            BaseHierarchicalConfiguration algorithm = new BaseHierarchicalConfiguration();
            algorithm.addProperty("algorithm", "PBKDF2-SHA512");
            users.configure(algorithm);
            users.addUser(Username.of("alice@example.com"), "written-by-jpa");
            EntityManager domains = jpa.createEntityManager();
            domains.getTransaction().begin();
            domains.createNativeQuery("INSERT INTO JAMES_DOMAIN (DOMAIN_NAME) VALUES ('example.com')").executeUpdate();
            domains.getTransaction().commit();
            domains.close();
        } finally {
            jpa.close();
            H2DatabaseModule.shutDown(properties);
        }

        server.start();
        try {
            assertThat(login(server.imapPort(), "alice@example.com", "written-by-jpa")).startsWith("a OK");
            assertThat(login(server.imapPort(), "alice@example.com", "wrong")).startsWith("a NO");
            assertThat(server.webAdmin().send("GET", "/domains", null).body()).contains("example.com");
        } finally {
            server.stop();
        }
    }

    private static String login(int port, String user, String password) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine(); // greeting
            out.write(("a LOGIN " + user + " " + password + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("a ")) {
                    return line;
                }
            }
            return "";
        }
    }
}
