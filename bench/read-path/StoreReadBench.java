// What the native store costs a single-message FETCH, without the IMAP door: the embedded store opened on a temporary
// directory, one folder filled with N 1 KiB chat objects, then alternating rounds of the reads a `UID FETCH n
// (BODY.PEEK[])` makes (StoredFetchProcessor): the message row (`MessageStore.list` of one UID), its header and body
// blobs (`ContentReader.read`), and for comparison the flags row alone (`listFlags`, what `UID FETCH n (UID FLAGS)`
// reads). CPU per call of this thread (ThreadMXBean), median of the rounds. From the checkout root, after a build,
// with the server's JIT setting (C1 only) or without it:
//   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "james-extensions/target/classes:$(cat james-extensions/target/runtime-classpath.txt)" \
//     bench/read-path/StoreReadBench.java 2000 7
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.cpmmss.james.store.api.ContentReader;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.Folder;
import org.cpmmss.james.store.api.FolderName;
import org.cpmmss.james.store.api.MessageStore;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.NewMessage;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.cpmmss.james.store.embedded.EmbeddedStorage;

public class StoreReadBench {
    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dir = Files.createTempDirectory("store-read-bench");
        EmbeddedStorage storage = EmbeddedStorage.open(EmbeddedStorage.Settings.defaults(dir).withoutMaintenance(),
            Clock.systemUTC());
        try {
            Folder folder = storage.folders().create(new FolderName("#private", "alice@example.com", "Default/tel:+15550003"), 1);
            MessageStore messages = storage.messages();
            MimeSummary mime = new MimeSummary("text", "plain", 1L, List.of());
            for (int i = 0; i < objects; i++) {
                byte[] header = ("Subject: bench\r\nFrom: tel:+15550001@bench.test\r\nTo: tel:+15550002@bench.test\r\n"
                    + "Message-ID: <" + i + "@bench.test>\r\n\r\n").getBytes();
                byte[] body = new byte[1024 - header.length];
                java.util.Arrays.fill(body, (byte) 'x');
                messages.append(folder.id(), new NewMessage(header, body, FlagState.NONE, System.currentTimeMillis(),
                    "<" + i + "@bench.test>", null, mime));
            }
            ContentReader content = storage.content();
            long f = folder.id();
            Map<String, LongConsumer> reads = new LinkedHashMap<>();
            reads.put("list(one UID) [message row + flags + 2 blob rows]", uid -> messages.list(f, UidRange.one(uid), 0));
            reads.put("list(one UID) + read(header) + read(body)", uid -> {
                StoredMessage m = messages.list(f, UidRange.one(uid), 0).get(0);
                content.read(m.header());
                content.read(m.body());
            });
            reads.put("listFlags(one UID) [flags row]", uid -> messages.listFlags(f, UidRange.one(uid), 0));
            reads.put("folders().find(id) [folder cache]", uid -> storage.folders().find(f));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, LongConsumer> read : reads.entrySet()) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    for (long uid = 1; uid <= objects; uid++) {
                        read.getValue().accept(uid);
                    }
                    double perCall = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / objects;
                    if (r > 0) { // the first round warms the JIT up
                        cpu.computeIfAbsent(read.getKey(), k -> new ArrayList<>()).add(perCall);
                    }
                }
            }
            for (Map.Entry<String, List<Double>> e : cpu.entrySet()) {
                List<Double> v = new ArrayList<>(e.getValue());
                Collections.sort(v);
                System.out.printf("%-55s median %6.1f us CPU per call (min %.1f, max %.1f; %d rounds of %d after a warm-up round)%n",
                    e.getKey(), v.get(v.size() / 2), v.get(0), v.get(v.size() - 1), rounds - 1, objects);
            }
        } finally {
            storage.close();
        }
    }
}
