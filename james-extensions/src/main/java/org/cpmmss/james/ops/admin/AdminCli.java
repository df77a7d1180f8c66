package org.cpmmss.james.ops.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bin/cpm-mss admin <command>}: a client of a running server's HTTP door (WebAdmin). It never opens
 * the data directory itself.
 *
 * <pre>
 * options (before the command): --url URL (default $CPM_MSS_URL or http://127.0.0.1:8000)
 *                               --token JWT (default $CPM_MSS_ADMIN_TOKEN; needed when WebAdmin has JWT on)
 * </pre>
 */
public final class AdminCli {
    static final String USAGE = String.join("\n",
        "usage: cpm-mss admin [--url URL] [--token JWT] <command> [arguments]",
        "",
        "  health                               run every health check (exit 1 unless healthy or degraded)",
        "  metrics                              print the Prometheus metrics",
        "  add-domain DOMAIN                    add a hosted domain",
        "  add-user USER [PASSWORD]             add an account (password read from stdin when omitted)",
        "  list-users                           list accounts",
        "  preferences USER                     show a user's preferences and where each value comes from",
        "  set-preference USER NAME VALUE       set recording|deferred-delivery|deferred-expiry|do-not-disturb|reject-when-offline",
        "  deferred USER                        list the user's stored temporary (deferred hand-over) objects",
        "  sweep                                run the expiry sweeper once",
        "  export USER FILE.jsonl               export the user's whole history as JSON lines (raw objects, flags, dates)",
        "  export USER DIR --format mbox        export one mbox file per folder (plus folders.txt)",
        "  import USER FILE.jsonl               import an export into USER on this server (UID order kept)",
        "  backup DIR                           consistent copy of the data directory into DIR (new or empty, on the",
        "                                       server's machine) while the server runs; restore: stop, replace, start",
        "",
        "environment: CPM_MSS_URL, CPM_MSS_ADMIN_TOKEN");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    AdminCli(String url, String token, PrintStream out, PrintStream err, InputStream in) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.in));
    }

    /** Runs one command; returns the process exit code (0 success, 1 failure, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        String url = System.getenv().getOrDefault("CPM_MSS_URL", "http://127.0.0.1:8000");
        String token = System.getenv("CPM_MSS_ADMIN_TOKEN");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--url") && i + 1 < args.length) {
                url = args[++i];
            } else if (args[i].equals("--token") && i + 1 < args.length) {
                token = args[++i];
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            } else {
                rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        try {
            return new AdminCli(url, token, out, err, in).command(rest);
        } catch (CliFailure e) {
            err.println("cpm-mss admin: " + e.getMessage());
            return e.code;
        } catch (IOException e) {
            err.println("cpm-mss admin: cannot reach " + url + ": " + e);
            return 1;
        } catch (Exception e) {
            err.println("cpm-mss admin: " + e);
            return 1;
        }
    }

    static final class CliFailure extends Exception {
        final int code;

        CliFailure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private int command(List<String> args) throws Exception {
        String name = args.get(0);
        List<String> a = args.subList(1, args.size());
        switch (name) {
            case "health" -> {
                HttpResponse<String> r = send("GET", "/healthcheck", null, null);
                JsonNode node = JSON.readTree(r.body());
                for (JsonNode check : node.path("checks")) {
                    out.printf("%-30s %s%s%n", check.path("componentName").asText(), check.path("status").asText(),
                        check.path("cause").isNull() ? "" : "  (" + check.path("cause").asText() + ")");
                }
                out.println("overall: " + node.path("status").asText());
                return r.statusCode() == 200 ? 0 : 1;
            }
            case "metrics" -> {
                out.print(expect(send("GET", "/metrics", null, null), 200));
                return 0;
            }
            case "add-domain" -> {
                arity(a, 1);
                expect(send("PUT", "/domains/" + enc(a.get(0)), null, null), 204);
                out.println("domain " + a.get(0) + " added");
                return 0;
            }
            case "add-user" -> {
                if (a.isEmpty() || a.size() > 2) {
                    throw new CliFailure(2, "add-user USER [PASSWORD]");
                }
                String password = a.size() == 2 ? a.get(1) : readPassword();
                String body = JSON.createObjectNode().put("password", password).toString();
                expect(send("PUT", "/users/" + enc(a.get(0)), body, "application/json"), 204);
                out.println("user " + a.get(0) + " added");
                return 0;
            }
            case "list-users" -> {
                for (JsonNode user : JSON.readTree(expect(send("GET", "/users", null, null), 200))) {
                    out.println(user.path("username").asText());
                }
                return 0;
            }
            case "preferences" -> {
                arity(a, 1);
                JsonNode prefs = JSON.readTree(expect(send("GET", "/cpm/admin/users/" + enc(a.get(0)) + "/preferences", null, null), 200));
                prefs.fields().forEachRemaining(e -> out.printf("%-22s %-10s (%s)%n", e.getKey(),
                    e.getValue().path("value").asText(), e.getValue().path("source").asText()));
                return 0;
            }
            case "set-preference" -> {
                arity(a, 3);
                expect(send("PUT", "/cpm/admin/users/" + enc(a.get(0)) + "/preferences/" + enc(a.get(1)), a.get(2), "text/plain"), 200);
                out.println(a.get(0) + ": " + a.get(1) + " = " + a.get(2));
                return 0;
            }
            case "deferred" -> {
                arity(a, 1);
                JsonNode list = JSON.readTree(expect(send("GET", "/cpm/admin/users/" + enc(a.get(0)) + "/deferred", null, null), 200));
                for (JsonNode entry : list) {
                    out.printf("%s uid=%d imdn=%s from=%s expires=%s%n", entry.path("folder").asText(), entry.path("uid").asLong(),
                        entry.path("imdn-message-id").asText("-"), entry.path("from").asText("-"), entry.path("expires").asText("-"));
                }
                out.println(list.size() + " deferred object(s)");
                return 0;
            }
            case "sweep" -> {
                JsonNode result = JSON.readTree(expect(send("POST", "/cpm/admin/sweep", null, null), 200));
                out.println("removed " + result.path("removed").asLong() + " expired object(s)");
                return 0;
            }
            case "export" -> {
                return export(a);
            }
            case "import" -> {
                arity(a, 2);
                HttpRequest.Builder request = request("/cpm/admin/users/" + enc(a.get(0)) + "/import")
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofFile(Path.of(a.get(1))));
                JsonNode result = JSON.readTree(expect(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), 200));
                out.println("imported " + result.path("messages").asLong() + " message(s) into " + result.path("folders").asLong() + " folder(s)");
                return 0;
            }
            case "backup" -> {
                arity(a, 1);
                String body = JSON.createObjectNode().put("directory", Path.of(a.get(0)).toAbsolutePath().toString()).toString();
                JsonNode result = JSON.readTree(expect(send("POST", "/cpm/admin/backup", body, "application/json"), 200));
                result.path("items").fields().forEachRemaining(e -> out.printf("%-32s %,15d bytes%n", e.getKey(), e.getValue().asLong()));
                out.println("backup in " + result.path("directory").asText() + ": " + result.path("bytes").asLong()
                    + " bytes in " + result.path("millis").asLong() + " ms");
                return 0;
            }
            default -> throw new CliFailure(2, "unknown command " + name + "\n" + USAGE);
        }
    }

    private int export(List<String> a) throws Exception {
        boolean mbox = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("--format") && i + 1 < a.size()) {
                String format = a.get(++i);
                if (!format.equals("mbox") && !format.equals("jsonl")) {
                    throw new CliFailure(2, "--format jsonl|mbox");
                }
                mbox = format.equals("mbox");
            } else {
                positional.add(a.get(i));
            }
        }
        arity(positional, 2);
        HttpResponse<InputStream> response = http.send(request("/cpm/admin/users/" + enc(positional.get(0)) + "/export").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new CliFailure(1, "export answered " + response.statusCode() + ": "
                + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        Path target = Path.of(positional.get(1));
        long messages = 0;
        if (!mbox) {
            try (InputStream body = response.body()) {
                Files.copy(body, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            for (String line : Files.readAllLines(target, StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"type\":\"message\"")) {
                    messages++;
                }
            }
            out.println("exported " + messages + " message(s) to " + target);
            return 0;
        }
        Files.createDirectories(target);
        Map<String, OutputStream> files = new HashMap<>();
        List<String> index = new ArrayList<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.path("type").asText().equals("folder")) {
                    String folder = node.path("name").asText();
                    String file = mboxFileName(folder);
                    index.add(file + "\t" + folder + "\t" + node.path("uidValidity").asLong());
                    files.put(folder, Files.newOutputStream(target.resolve(file)));
                } else if (node.path("type").asText().equals("message")) {
                    writeMbox(files.get(node.path("folder").asText()), node);
                    messages++;
                }
            }
        } finally {
            for (OutputStream file : files.values()) {
                file.close();
            }
        }
        Files.write(target.resolve("folders.txt"), index, StandardCharsets.UTF_8);
        out.println("exported " + messages + " message(s) in " + index.size() + " mbox file(s) to " + target);
        return 0;
    }

    /** A file name for a folder: {@code /} becomes {@code __}, anything outside [A-Za-z0-9+@._-] becomes {@code _XX}. */
    static String mboxFileName(String folder) {
        StringBuilder name = new StringBuilder();
        for (byte b : folder.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/') {
                name.append("__");
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "+@.-".indexOf(c) >= 0) {
                name.append(c);
            } else {
                name.append(String.format(Locale.ROOT, "_%02X", b & 0xff));
            }
        }
        return name + ".mbox";
    }

    private static final DateTimeFormatter MBOX_DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    /** mboxrd: {@code From } separator line, X-Keywords/Status for flags, {@code >From } quoting, blank line after. */
    private static void writeMbox(OutputStream file, JsonNode node) throws IOException {
        byte[] raw = Base64.getDecoder().decode(node.path("raw").asText());
        Instant date = Instant.parse(node.path("internalDate").asText());
        StringBuilder head = new StringBuilder("From MAILER-DAEMON ").append(MBOX_DATE.format(date.atOffset(ZoneOffset.UTC))).append('\n');
        List<String> keywords = new ArrayList<>();
        StringBuilder status = new StringBuilder();
        for (JsonNode flag : node.path("flags")) {
            String f = flag.asText();
            if (f.equals("\\Seen")) {
                status.append('R');
            } else if (!f.startsWith("\\")) {
                keywords.add(f);
            }
        }
        head.append("X-Cpm-Uid: ").append(node.path("uid").asLong()).append('\n');
        head.append("Status: ").append(status).append("O\n");
        if (!keywords.isEmpty()) {
            head.append("X-Keywords: ").append(String.join(" ", keywords)).append('\n');
        }
        file.write(head.toString().getBytes(StandardCharsets.UTF_8));
        String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        for (String line : text.split("\n", -1)) {
            if (line.matches(">*From .*")) {
                file.write('>');
            }
            file.write(line.getBytes(StandardCharsets.ISO_8859_1));
            file.write('\n');
        }
        file.write('\n');
    }

    private String readPassword() throws IOException {
        java.io.Console console = System.console();
        if (console != null && in == System.in) {
            char[] password = console.readPassword("password: ");
            return password == null ? "" : new String(password);
        }
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IOException("no password on standard input");
        }
        return line;
    }

    private static void arity(List<String> args, int n) throws CliFailure {
        if (args.size() != n) {
            throw new CliFailure(2, "expected " + n + " argument(s)\n" + USAGE);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(30));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder builder = request(path);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> response, int status) throws CliFailure {
        if (response.statusCode() != status) {
            throw new CliFailure(1, response.request().method() + " " + response.request().uri().getPath() + " answered "
                + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
