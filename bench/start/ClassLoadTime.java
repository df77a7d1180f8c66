import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads and initialises the classes named in a file (one per line) in a fresh JVM and prints how long it took:
 * the cost of classes the class-data archive cannot hold (bench/start/lucene-class-load.sh).
 */
public class ClassLoadTime {
    public static void main(String[] args) throws Exception {
        List<String> names = Files.readAllLines(Path.of(args[0]));
        long start = System.nanoTime();
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name, true, ClassLoadTime.class.getClassLoader());
                loaded++;
            } catch (ReflectiveOperationException | LinkageError e) {
                // a class of the list that does not load alone: skipped
            }
        }
        System.out.println(loaded + " of " + names.size() + " classes loaded and initialised in "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
