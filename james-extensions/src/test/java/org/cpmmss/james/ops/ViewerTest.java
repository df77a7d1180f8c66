package org.cpmmss.james.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.ImapConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The read-only viewer over HTTP (authentication, escaping, read-only) and rendered by headless Chromium. */
class ViewerTest {
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String PASSWORD = "s3cret:with colon";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path work;
    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .domain("example.com").user(ALICE, "s3cret:with colon").user(BOB, "bobpass").build();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void record() throws Exception {
        RecordedConversation.record(server.imapPort(), ALICE, PASSWORD);
    }

    static String base() {
        return "http://127.0.0.1:" + server.httpPort() + "/cpm/viewer";
    }

    static HttpResponse<String> get(String url, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String conversationUrl(String prefix, String folder) {
        return prefix + "conversation?folder=" + URLEncoder.encode(folder, StandardCharsets.UTF_8);
    }

    @Test
    void refusesWithoutOrWithWrongCredentials() throws Exception {
        HttpResponse<String> none = get(base() + "/", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
        assertThat(get(base() + "/", ALICE, "wrong").statusCode()).isEqualTo(401);
        assertThat(get(conversationUrl(base() + "/", RecordedConversation.ONE_TO_ONE), ALICE, "wrong").statusCode()).isEqualTo(401);
        assertThat(get(base() + "/t/not-a-token/", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void listsTheUsersOwnConversationsOnly() throws Exception {
        HttpResponse<String> alice = get(base() + "/", ALICE, PASSWORD);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(alice.body()).contains(">Default/tel:+33640332859</a> <span class=\"count\">6 objects",
            ">Default/conv-g1/contrib-g1</a>");
        HttpResponse<String> bob = get(base() + "/", BOB, "bobpass");
        assertThat(bob.body()).doesNotContain("Default/tel:+33640332859").contains("No stored conversations.");
        assertThat(get(conversationUrl(base() + "/", RecordedConversation.ONE_TO_ONE), BOB, "bobpass").statusCode()).isEqualTo(404);
    }

    @Test
    void escapesObjectContentAndDoesNotMarkAnythingSeen() throws Exception {
        String html = get(conversationUrl(base() + "/", RecordedConversation.ONE_TO_ONE), ALICE, PASSWORD).body();
        assertThat(html).doesNotContain("<script>").doesNotContain("<b>bold")
            .contains("Hi Bob, &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;");
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), ALICE, PASSWORD)) {
            imap.expectOk("EXAMINE \"" + RecordedConversation.ONE_TO_ONE + "\"");
            assertThat(String.join("\n", imap.command("UID SEARCH UNSEEN"))).contains("* SEARCH 4");
        }
    }

    @Test
    void chromiumRendersBubblesTicksFileTransfersAndMembers() throws Exception {
        org.cpmmss.james.testing.CiRequirement.require(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
        HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/tokens"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ALICE + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(201);
        Matcher path = Pattern.compile("\"path\":\"([^\"]+)\"").matcher(issued.body());
        assertThat(path.find()).isTrue();
        String prefix = "http://127.0.0.1:" + server.httpPort() + path.group(1);

        String dom = chromium(conversationUrl(prefix, RecordedConversation.ONE_TO_ONE), "--dump-dom");
        List<String> bubbles = matches(dom, "<article class=\"bubble (sent|received) type-chat-message\"[^>]*>.*?<p class=\"text\">(.*?)</p>.*?</article>");
        assertThat(bubbles).containsExactly(
            "received|Hello Alice",
            "sent|Hi Bob, &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;",
            "sent|Are you coming?",
            "sent|See you there");
        assertThat(dom).doesNotContain("<script>");
        assertThat(tick(dom, "Msg2")).isEqualTo("displayed");
        assertThat(tick(dom, "Msg3")).isEqualTo("delivered");
        assertThat(tick(dom, "Msg4")).as("displayed from the stored notification").isEqualTo("displayed");
        assertThat(dom).containsPattern("<span class=\"file-name\">IMG_20160325.jpg</span> <span class=\"file-size\" data-bytes=\"183524\">179.2 KiB \\(183524 bytes\\)</span>");
        // the file transfer (10:00:20) comes between the 10:00:10 and 10:00:30 messages
        assertThat(dom.indexOf("IMG_20160325.jpg")).isBetween(dom.indexOf("Are you coming?"), dom.indexOf("See you there"));

        String group = chromium(conversationUrl(prefix, RecordedConversation.GROUP), "--dump-dom");
        assertThat(matches(group, "<li class=\"member\" data-addr=\"([^\"]+)\">"))
            .as("members of the latest Group State Object (by timestamp, not by UID)")
            .containsExactly("tel:+33643209850", "sip:alice@example.com", "tel:+33640332859");
        assertThat(group).contains("<span class=\"member-name\">Bob</span>", "Saturday at 10?", "Group chat session");
        assertThat(group).containsPattern("<img class=\"thumbnail\" alt=\"thumbnail\" src=\"data:image/png;base64,[A-Za-z0-9+/=]+\">"
            + "<span class=\"file-name\">My picture.png</span> <span class=\"file-size\" data-bytes=\"70\">70 bytes</span>");

        Path screenshot = Path.of("target", "viewer.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(conversationUrl(prefix, RecordedConversation.ONE_TO_ONE), "--screenshot=" + screenshot, "--window-size=900,1000");
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(5_000);
    }

    @Test
    void pagesAConversationNewestFirstAndKeepsTheMembersOfAnOlderGroupState() throws Exception {
        // the group folder holds, by UID: 1 session info, 2 GSO (latest timestamp), 3 GSO (older), 4 chat, 5 file transfer
        String url = conversationUrl(base() + "/", RecordedConversation.GROUP);
        HttpResponse<String> newest = get(url + "&limit=2", ALICE, PASSWORD);
        assertThat(newest.statusCode()).isEqualTo(200);
        assertThat(matches(newest.body(), "data-uid=\"(\\d+)\"")).containsExactly("4", "5");
        assertThat(matches(newest.body(), "<li class=\"member\" data-addr=\"([^\"]+)\">"))
            .as("members from the latest Group State Object, which is not on this page")
            .containsExactly("tel:+33643209850", "sip:alice@example.com", "tel:+33640332859");
        Matcher older = Pattern.compile("<p class=\"older\"><a href=\"(conversation\\?[^\"]+)\">").matcher(newest.body());
        assertThat(older.find()).as("a link to older objects").isTrue();
        String olderHref = older.group(1).replace("&amp;", "&");
        assertThat(olderHref).endsWith("&before=4&limit=2");

        HttpResponse<String> previous = get(base() + "/" + olderHref, ALICE, PASSWORD);
        assertThat(previous.statusCode()).isEqualTo(200);
        assertThat(matches(previous.body(), "data-uid=\"(\\d+)\"")).doesNotContain("1", "4", "5");
        assertThat(previous.body()).contains("<p class=\"older\">");
        HttpResponse<String> first = get(url + "&before=2&limit=2", ALICE, PASSWORD);
        assertThat(first.body()).as("the oldest page has no older link").doesNotContain("<p class=\"older\">");

        assertThat(get(url, ALICE, PASSWORD).body()).doesNotContain("<p class=\"older\">");
        for (String bad : List.of("&limit=0", "&limit=501", "&limit=x", "&before=0", "&before=-3", "&before=abc")) {
            assertThat(get(url + bad, ALICE, PASSWORD).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void curlImapClientListsAndFetchesTheRecordedObjectsByteForByte() throws Exception {
        org.cpmmss.james.testing.CiRequirement.require(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        String base = "imap://127.0.0.1:" + server.imapPort() + "/";
        String list = run("curl", "-s", "--max-time", "30", "--user", ALICE + ":" + PASSWORD, base, "-X", "LIST \"\" \"Default/*\"");
        assertThat(list).contains("Default/tel:+33640332859", "Default/conv-g1/contrib-g1");
        Path fetched = work.resolve("curl-ft.eml");
        run("curl", "-s", "--max-time", "30", "--user", ALICE + ":" + PASSWORD,
            base + URLEncoder.encode(RecordedConversation.GROUP, StandardCharsets.UTF_8) + ";UID=5", "-o", fetched.toString());
        assertThat(Files.readAllBytes(fetched)).isEqualTo(RecordedConversation.crlf(RecordedConversation.FT_HISTORY));
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
        return output;
    }

    static String tick(String dom, String imdnId) {
        Matcher m = Pattern.compile("data-imdn-id=\"" + imdnId + "\">.*?<span class=\"tick (\\w+)\"", Pattern.DOTALL).matcher(dom);
        return m.find() ? m.group(1) : "none";
    }

    static List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.groupCount() == 1 ? m.group(1) : m.group(1) + "|" + m.group(2));
        }
        return found;
    }

    static String chromium(String url, String... mode) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(List.of(mode));
        command.add(url);
        File out = work.resolve("chromium-" + System.nanoTime() + ".out").toFile();
        File err = work.resolve("chromium-" + System.nanoTime() + ".err").toFile();
        Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + Files.readString(err.toPath()));
        }
        assertThat(process.exitValue()).as("chromium exit, stderr: %s", Files.readString(err.toPath())).isZero();
        return Files.readString(out.toPath(), StandardCharsets.UTF_8);
    }
}
