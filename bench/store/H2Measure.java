// Quick measurement behind the choice of H2 access path for the native store's metadata (docs/store.md):
// one metadata transaction per appended message (allocate UID/MODSEQ in the folder row, insert the message
// row, commit without forcing), plain JDBC with prepared statements vs the MVStore TransactionStore API.
// Usage: java -cp h2-2.2.224.jar bench/store/H2Measure.java [DIR]   (two rounds; the second is warm)
import java.sql.*;
import org.h2.mvstore.*;
import org.h2.mvstore.tx.*;
public class H2Measure {
  static String DIR = "/tmp/h2m";
  public static void main(String[] a) throws Exception {
    if (a.length > 0) DIR = a[0];
    new java.io.File(DIR).mkdirs();
    int n = 20000;
    for (int round = 0; round < 2; round++) {
    new java.io.File(DIR + "/j.mv.db").delete(); new java.io.File(DIR + "/s.mv").delete();
    try (Connection c = DriverManager.getConnection("jdbc:h2:" + DIR + "/j;WRITE_DELAY=0;RETENTION_TIME=0")) {
      c.createStatement().execute("CREATE TABLE m(folder BIGINT, uid BIGINT, modseq BIGINT, flags INT, uf VARCHAR, hdr BIGINT, body BIGINT, size BIGINT, PRIMARY KEY(folder, uid))");
      c.createStatement().execute("CREATE TABLE f(id BIGINT PRIMARY KEY, last_uid BIGINT, hms BIGINT)");
      c.createStatement().execute("INSERT INTO f VALUES(1,0,0)");
      c.setAutoCommit(false);
      PreparedStatement up = c.prepareStatement("UPDATE f SET last_uid=last_uid+1, hms=hms+1 WHERE id=1");
      PreparedStatement sel = c.prepareStatement("SELECT last_uid, hms FROM f WHERE id=1");
      PreparedStatement ins = c.prepareStatement("INSERT INTO m VALUES(1,?,?,0,'',?,?,1024)");
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        up.executeUpdate(); ResultSet rs = sel.executeQuery(); rs.next(); long uid = rs.getLong(1), ms = rs.getLong(2);
        ins.setLong(1, uid); ins.setLong(2, ms); ins.setLong(3, i); ins.setLong(4, i); ins.executeUpdate(); c.commit();
      }
      long t1 = System.nanoTime();
      PreparedStatement q = c.prepareStatement("SELECT uid, modseq, flags, uf, size FROM m WHERE folder=1 AND uid BETWEEN ? AND ?");
      long t2 = System.nanoTime(); long cnt=0;
      for (int i = 0; i < 2000; i++) { q.setLong(1, i*10); q.setLong(2, i*10+9); ResultSet rs = q.executeQuery(); while (rs.next()) cnt++; }
      long t3 = System.nanoTime();
      System.out.printf("JDBC: append txn %.1f us each; 10-row range read %.1f us (%d)  file %d KB%n", (t1-t0)/1e3/n, (t3-t2)/1e3/2000, cnt, new java.io.File(DIR + "/j.mv.db").length()/1024);
    }
    MVStore s = new MVStore.Builder().fileName(DIR + "/s.mv").autoCommitDisabled().open(); s.setRetentionTime(0);
    TransactionStore ts = new TransactionStore(s); ts.init();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Transaction t = ts.begin();
      TransactionMap<Long,Long> fm = t.openMap("f"); TransactionMap<Long,long[]> mm = t.openMap("m");
      Long last = fm.get(1L); long uid = last == null ? 1 : last + 1; fm.put(1L, uid);
      mm.put(uid, new long[]{uid, uid, 0, i, i, 1024});
      t.commit(); s.commit();
    }
    long t1 = System.nanoTime();
    System.out.printf("MVStore+TransactionStore: append txn %.1f us each  file %d KB%n", (t1-t0)/1e3/n, new java.io.File(DIR + "/s.mv").length()/1024);
    s.close();
    }
  }
}
