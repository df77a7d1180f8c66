// Per-RCPT account lookup cost, James's JPA users DAO vs JdbcUsersDao (issue 27), on one H2 file with the shipped
// james-database.properties, 1,000 accounts; alternating rounds of N lookups (contains + getUserByName, what an
// LMTP/SMTP RCPT and a LOGIN cost the users repository). From the checkout root, after a build:
//   java -XX:TieredStopAtLevel=1 -cp "james-extensions/target/classes:$(cat james-extensions/target/runtime-classpath.txt)" \
//     bench/store/UserLookupBench.java conf/james-database.properties 5000
import java.nio.file.*;
import javax.persistence.EntityManagerFactory;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Username;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.user.jpa.JPAUsersDAO;
import org.apache.james.user.lib.UsersDAO;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.mailbox.users.*;
import org.cpmmss.james.server.*;
import org.cpmmss.james.server.modules.H2DatabaseModule;

public class UserLookupBench {
  public static void main(String[] a) throws Exception {
    Path work = Files.createTempDirectory("user-lookup-bench");
    Path conf = Files.createDirectories(work.resolve("conf"));
    Files.copy(Path.of(a[0]), conf.resolve("james-database.properties"));
    CpmMssConfiguration configuration = CpmMssServer.configuration(conf.toFile(), Files.createDirectories(work.resolve("data")).toFile());
    PropertiesProvider p = new PropertiesProvider(new FileSystemImpl(configuration.directories()), configuration.configurationPath());
    EntityManagerFactory emf = H2DatabaseModule.open(p);
    emf.createEntityManager().close();
    JamesDatabase db = H2DatabaseModule.openJdbc(p);
    JdbcUsersDao jdbc = new JdbcUsersDao(db); jdbc.setAlgorithm("PBKDF2-SHA512");
    JPAUsersDAO jpa = new JPAUsersDAO(); jpa.setEntityManagerFactory(emf);
    BaseHierarchicalConfiguration c = new BaseHierarchicalConfiguration(); c.addProperty("algorithm", "PBKDF2-SHA512"); jpa.configure(c);
    int users = 1000;
    for (int i = 0; i < users; i++) jdbc.addUser(Username.of("u" + i + "@example.com"), "pw");
    int n = Integer.parseInt(a[1]);
    for (int round = 0; round < 6; round++) {
      UsersDAO dao = round % 2 == 0 ? jpa : jdbc;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Username u = Username.of("u" + (i % users) + "@example.com");
        if (!dao.contains(u) || dao.getUserByName(u).isEmpty()) throw new IllegalStateException();
      }
      long t = System.nanoTime() - t0;
      System.out.printf("round %d %-5s %d lookups (contains + getUserByName): %.1f us each%n", round, round % 2 == 0 ? "JPA" : "JDBC", n, t / 1000.0 / n);
    }
    emf.close(); db.close(); H2DatabaseModule.shutDown(p);
  }
}
