package org.cpmmss.cpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cpmmss.cpm.address.AccountMapper;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.folder.FolderLayout;
import org.cpmmss.cpm.folder.FolderNamer;
import org.cpmmss.cpm.fthttp.FtHttpInfo;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;
import org.cpmmss.cpm.xml.SafeXml;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every parser, fed with inputs mutated from the valid fixtures (truncations, byte flips, duplicated,
 * reordered and deleted lines, deep nesting, inserted bytes) and with arbitrary bytes, yields a value or
 * a {@link CpmFormatException} — never another exception, never a hang.
 */
class ParserRobustnessProperties {
    private static final int TRIES = 600;

    @FunctionalInterface
    interface Parser {
        void parse(byte[] input) throws CpmFormatException;
    }

    static void valueOrTypedError(Parser parser, byte[] input) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                parser.parse(input);
            } catch (CpmFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    // ---- seeds -------------------------------------------------------------------------------------------

    private static List<byte[]> storedObjects() {
        return Fixtures.STORED_OBJECTS.stream().map(Fixtures::bytes).toList();
    }

    private static byte[] body(String fixture) {
        try {
            return StoredObject.parse(Fixtures.bytes(fixture)).body();
        } catch (CpmFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] cpimPayload(String fixture) {
        try {
            return CpimMessage.parse(body(fixture)).body();
        } catch (CpmFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static List<byte[]> cpimSeeds() {
        List<byte[]> s = new ArrayList<>();
        for (String f : List.of("chat-1to1.eml", "chat-group.eml", "imdn-delivered.eml", "ft-http.eml", "sms.eml",
                "mms.eml", "standalone-pager.eml")) {
            s.add(body(f));
        }
        s.add(Fixtures.bytes("cpim-orange-lf.cpim"));
        s.add(Fixtures.bytes("golden/built-cpim.cpim"));
        return s;
    }

    private static List<byte[]> imdnSeeds() {
        return List.of(cpimPayload("imdn-delivered.eml"), cpimPayload("imdn-displayed.eml"),
                Fixtures.bytes("golden/built-imdn-failed.xml"));
    }

    // ---- mutation ----------------------------------------------------------------------------------------

    record Mutation(int op, int a, int b, byte v) {
        byte[] apply(byte[] in) {
            int len = in.length;
            switch (op) {
                case 0:
                    return Arrays.copyOf(in, len == 0 ? 0 : Math.floorMod(a, len + 1));
                case 1: {
                    if (len == 0) {
                        return in;
                    }
                    byte[] out = in.clone();
                    out[Math.floorMod(a, len)] ^= (byte) (v | 1);
                    return out;
                }
                case 2:
                case 3:
                case 4:
                    return lines(in);
                case 5: {
                    String open = b % 2 == 0 ? "<x>" : "--cpm\r\nContent-Type: multipart/related; boundary=cpm\r\n\r\n";
                    return insert(in, Math.floorMod(a, len + 1), open.repeat(1 + Math.floorMod(b, 3000))
                            .getBytes(StandardCharsets.US_ASCII));
                }
                case 6:
                    return insert(in, Math.floorMod(a, len + 1), new byte[] {v});
                default: {
                    if (len == 0) {
                        return in;
                    }
                    byte[] special = {'<', '>', '&', '"', ':', '\r', '\n', '-', 0, ';', '/', (byte) 0xC3};
                    byte[] out = in.clone();
                    out[Math.floorMod(a, len)] = special[Math.floorMod(v, special.length)];
                    return out;
                }
            }
        }

        private byte[] lines(byte[] in) {
            List<String> lines = new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
            int n = lines.size();
            int i = Math.floorMod(a, n);
            int j = Math.floorMod(b, n);
            if (op == 2) {
                lines.add(j, lines.get(i));
            } else if (op == 3) {
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            } else if (n > 1) {
                lines.remove(i);
            }
            return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        }

        private static byte[] insert(byte[] in, int at, byte[] what) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(in, 0, at);
            out.writeBytes(what);
            out.write(in, at, in.length - at);
            return out.toByteArray();
        }
    }

    private static Arbitrary<byte[]> inputsFrom(List<byte[]> seeds) {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.bytes()).as(Mutation::new);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(seeds), mutation.list().ofMinSize(1).ofMaxSize(4))
                .as((seed, ms) -> {
                    byte[] out = seed;
                    for (Mutation m : ms) {
                        out = m.apply(out);
                    }
                    return out;
                });
        Arbitrary<byte[]> arbitrary = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.of(seeds)),
                net.jqwik.api.Tuple.of(12, mutated),
                net.jqwik.api.Tuple.of(3, arbitrary));
    }

    @Provide
    Arbitrary<byte[]> cpim() {
        return inputsFrom(cpimSeeds());
    }

    @Provide
    Arbitrary<byte[]> storedObject() {
        return inputsFrom(storedObjects());
    }

    @Provide
    Arbitrary<byte[]> imdn() {
        return inputsFrom(imdnSeeds());
    }

    @Provide
    Arbitrary<byte[]> groupState() {
        return inputsFrom(List.of(body("group-state.eml"), Fixtures.bytes("golden/built-group-state.eml")));
    }

    @Provide
    Arbitrary<byte[]> sessionInfo() {
        return inputsFrom(List.of(body("session-info.eml"),
                "<session-type>Group</session-type><sdp>x</sdp>".getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<byte[]> sessionHistory() {
        return inputsFrom(List.of(Fixtures.bytes("session-history.eml"),
                Fixtures.bytes("golden/built-session-history.eml")));
    }

    @Provide
    Arbitrary<byte[]> fileTransfer() {
        return inputsFrom(List.of(Fixtures.bytes("ft-history.eml"), Fixtures.bytes("golden/built-ft-history.eml")));
    }

    @Provide
    Arbitrary<byte[]> ftHttp() {
        return inputsFrom(List.of(cpimPayload("ft-http.eml")));
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        return inputsFrom(List.of("tel:+33612345678", "sip:+33612345678@ims.example.com;user=phone",
                "\"Bob\" <sip:bob@example.com:5060;transport=tcp>", "tel:06-12-34-56-78",
                "sip:anonymous@anonymous.invalid", "tel:6135551212;phone-context=+1", "sip:[2001:db8::1]")
                .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Provide
    Arbitrary<byte[]> headerValues() {
        return inputsFrom(List.of("positive-delivery, negative-delivery, display", "2016-03-25T10:45:40+0100",
                "2015-04-23T08:55:52.000Z", "Thu, 11 Feb 2016 14:00:49 +0100", "conv-1",
                "0f2c1b6e-8f2a-4d5c-9d0e-5a3b7c1e2f40").stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    // ---- properties --------------------------------------------------------------------------------------

    @Property(tries = TRIES)
    void cpimParser(@ForAll("cpim") byte[] input) {
        valueOrTypedError(in -> {
            CpimMessage m = CpimMessage.parse(in);
            assertThat(m.bytes()).isEqualTo(in);
            m.dateTime();
            m.imdnMessageId();
            m.payloadContentType();
            m.dispositionNotification();
            m.withoutPositiveDeliveryRequest();
            new org.cpmmss.cpm.cpim.CpimHeaderCheck().check(m);
        }, input);
    }

    @Property(tries = TRIES)
    void storedObjectParserAndClassifier(@ForAll("storedObject") byte[] input) {
        CpmObjectClassifier classifier = new CpmObjectClassifier();
        CpmObjects objects = new CpmObjects();
        valueOrTypedError(in -> {
            StoredObject o = StoredObject.parse(in);
            assertThat(o.bytes()).isEqualTo(in);
            assertThat(classifier.classify(o)).isNotNull();
            o.headers().direction();
            o.headers().dateValue();
        }, input);
        valueOrTypedError(in -> objects.readCpim(StoredObject.parse(in)), input);
        valueOrTypedError(in -> objects.readNotification(StoredObject.parse(in)), input);
        valueOrTypedError(in -> objects.readGroupState(StoredObject.parse(in)), input);
        valueOrTypedError(in -> objects.readFileTransferHttp(StoredObject.parse(in)), input);
    }

    @Property(tries = TRIES)
    void imdnParser(@ForAll("imdn") byte[] input) {
        valueOrTypedError(ImdnNotification::parse, input);
    }

    @Property(tries = TRIES)
    void groupStateParser(@ForAll("groupState") byte[] input) {
        valueOrTypedError(GroupState::parse, input);
    }

    @Property(tries = TRIES)
    void sessionInfoParser(@ForAll("sessionInfo") byte[] input) {
        valueOrTypedError(SessionInfo::parse, input);
        valueOrTypedError(in -> SafeXml.defaults().parse(in), input);
    }

    @Property(tries = TRIES)
    void sessionHistoryParser(@ForAll("sessionHistory") byte[] input) {
        SessionObjects sessions = new SessionObjects();
        valueOrTypedError(in -> {
            var h = sessions.readSessionHistory(in);
            h.chatMessages();
            h.notifications();
            h.groupStates();
        }, input);
        valueOrTypedError(in -> sessions.readSessionInfo(StoredObject.parse(in)), input);
    }

    @Property(tries = TRIES)
    void fileTransferHistoryParser(@ForAll("fileTransfer") byte[] input) {
        valueOrTypedError(new FileTransferObjects()::read, input);
    }

    @Property(tries = TRIES)
    void ftHttpParser(@ForAll("ftHttp") byte[] input) {
        valueOrTypedError(FtHttpInfo::parse, input);
    }

    @Property(tries = TRIES)
    void addressNormaliserAndFolderNamer(@ForAll("addresses") byte[] input) {
        CpmAddressNormalizer normalizer = new CpmAddressNormalizer("33");
        AccountMapper mapper = new AccountMapper("example.com", java.util.Set.of());
        FolderNamer rcs = new FolderNamer(FolderLayout.RCS);
        valueOrTypedError(in -> {
            CpmAddress a = normalizer.normalize(new String(in, StandardCharsets.UTF_8));
            mapper.account(a);
            rcs.peerFolder(a);
        }, input);
    }

    @Property(tries = TRIES)
    void headerValueParsersAndFolderNames(@ForAll("headerValues") byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        valueOrTypedError(in -> DispositionRequest.parseHeader(s), input);
        valueOrTypedError(in -> CpmDates.parseDateTime(s), input);
        valueOrTypedError(in -> CpmDates.parseMailDate(s), input);
        for (FolderLayout layout : FolderLayout.values()) {
            valueOrTypedError(in -> new FolderNamer(layout).groupSession(s, s), input);
        }
    }
}
