package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * James's own H2 database under the forced-write rule: with the shipped URL's {@code forced:} prefix every write to the
 * file is followed by a force before the commit that made it returns ({@link ForcedWritesFileSystem}).
 */
class ForcedWritesFileSystemTest {
    @TempDir
    Path directory;

    @Test
    void everyWriteOfACommitIsForcedBeforeTheCommitReturns() throws Exception {
        String shipped = shippedUrl();
        assertThat(shipped).startsWith("jdbc:h2:reopenable:forced:");
        ReopenableFileSystem.install();
        ForcedWritesFileSystem.install();
        String url = shipped.replace("${sys:cpm.data.dir}", directory.toString()).replace("\\,", ",");
        Path file = directory.resolve("h2/james.mv.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE domain(name VARCHAR PRIMARY KEY)");
            for (int i = 0; i < 20; i++) {
                long writesBefore = ReopenableFileSystem.writes(file);
                long forcesBefore = ForcedWritesFileSystem.forces(file);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO domain VALUES (?)")) {
                    insert.setString(1, "d" + i + ".example");
                    insert.executeUpdate(); // auto-commit: H2 (WRITE_DELAY=0) writes the chunk before returning
                }
                long writes = ReopenableFileSystem.writes(file) - writesBefore;
                assertThat(writes).as("commit %d wrote its chunk", i).isPositive();
                assertThat(ForcedWritesFileSystem.forces(file) - forcesBefore).as("forces after commit %d", i)
                    .isEqualTo(writes);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM domain")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(20);
            }
            s.execute("SHUTDOWN");
        }
    }

    private static String shippedUrl() throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(CpmMssTestServer.shippedConfDirectory().resolve("james-database.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("database.url");
    }
}
