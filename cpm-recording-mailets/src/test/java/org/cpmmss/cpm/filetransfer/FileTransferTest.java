package org.cpmmss.cpm.filetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.fthttp.FtHttpInfo;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.junit.jupiter.api.Test;

class FileTransferTest {
    private final FileTransferObjects ft = new FileTransferObjects();

    @Test
    void readsOmaFileTransferHistoryFixture() throws Exception {
        StoredObject o = StoredObject.parse(Fixtures.bytes("ft-history.eml"));
        FileTransferRecord r = ft.read(o);
        FileTransferHistory h = r.history();
        assertThat(h.transferType()).isEqualTo("Ad-Hoc");
        assertThat(h.invitedParticipants()).containsExactly("tel:+16135551212", "sip:bob@example.org");
        assertThat(h.files()).hasSize(2);
        FileObject pic = h.files().get(0);
        assertThat(pic.cid()).isEqualTo("1234@example.com");
        assertThat(pic.fileName()).isEqualTo("My picture.png");
        assertThat(pic.contentType()).isEqualTo("image/png");
        assertThat(pic.creationDate()).contains("Mon, 15 May 2006 15:01:31 +0300");
        assertThat(pic.disposition()).contains("render");
        assertThat(pic.thumbnailCid()).contains("thumb-1234@example.com");
        assertThat(r.content(pic).orElseThrow().size()).isEqualTo((int) pic.size());
        assertThat(r.thumbnail(pic)).isPresent();
        FileObject minutes = h.files().get(1);
        assertThat(new String(r.content(minutes).orElseThrow().data(), StandardCharsets.UTF_8))
                .isEqualTo("Minutes of the meeting\nAll agreed.\n");
        assertThat(o.headers().from()).contains("sip:jdoe@example.com");
        assertThat(o.headers().dateValue()).contains(OffsetDateTime.of(1997, 11, 21, 9, 55, 6, 0, ZoneOffset.ofHours(-6)));
    }

    @Test
    void builderThenParser() throws Exception {
        byte[] file = "%PDF-1.4 fake\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1);
        byte[] thumb = {(byte) 0xff, (byte) 0xd8, 0, 1};
        FileObject f = new FileObject("f1@example.com", "report Q1.pdf", file.length, "application/pdf",
                Optional.of("Mon, 04 Apr 2016 08:00:00 +0200"), Optional.of("attachment"), Optional.of("t1@example.com"));
        FileTransferRecord rec = new FileTransferRecord(
                new FileTransferHistory("1-1", List.of("tel:+33612345678"), List.of(f)),
                Map.of("f1@example.com", new FileContent("application/pdf", file),
                        "t1@example.com", new FileContent("image/jpeg", thumb)));
        CpmObjectHeaders h = CpmObjectHeaders.builder()
                .date(OffsetDateTime.of(2016, 4, 4, 8, 0, 5, 0, ZoneOffset.ofHours(2)))
                .from("tel:+33687654321").to("tel:+33612345678").conversationId("conv-9").contributionId("ft-9")
                .imdnMessageId("ft-9").direction(Direction.SENT).build();
        StoredObject o = ft.write(h, rec, "cpm-ft-1");
        Fixtures.assertGolden("built-ft-history.eml", o.bytes());
        assertThat(ft.read(o.bytes())).isEqualTo(rec);
    }

    @Test
    void cidMustMatchAPartAndSizeMustMatch() throws Exception {
        String fixture = Fixtures.text("ft-history.eml");
        assertThatThrownBy(() -> ft.read(fixture.replace("Content-ID: <1234@example.com>", "Content-ID: <other@x>")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CpmFormatException.class).hasMessageContaining("no part with Content-ID");
        assertThatThrownBy(() -> ft.read(fixture.replace("size:35", "size:36").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CpmFormatException.class).hasMessageContaining("size");
        FileObject f = new FileObject("a@x", "a.txt", 1, "text/plain", Optional.empty(), Optional.empty(), Optional.empty());
        FileTransferRecord missing = new FileTransferRecord(new FileTransferHistory("1-1", List.of(), List.of(f)), Map.of());
        assertThatThrownBy(() -> ft.write(CpmObjectHeaders.builder().build(), missing, "b"))
                .isInstanceOf(CpmFormatException.class);
    }

    @Test
    void ftOverHttpFixtureAndRoundTrip() throws Exception {
        StoredObject o = StoredObject.parse(Fixtures.bytes("ft-http.eml"));
        FtHttpInfo info = new CpmObjects().readFileTransferHttp(o);
        assertThat(info.file().fileName()).contains("IMG_20160325.jpg");
        assertThat(info.file().size()).isEqualTo(183524);
        assertThat(info.file().disposition()).contains("render");
        assertThat(info.thumbnail().orElseThrow().contentType()).isEqualTo("image/jpeg");
        assertThat(FtHttpInfo.parse(info.toXml())).isEqualTo(info);

        CpimMessage cpim = CpimMessage.builder().from("tel:+33642575779").to("tel:+33640332859").imdnNamespace()
                .imdnMessageId("ft1").dateTime(OffsetDateTime.of(2016, 3, 25, 12, 0, 6, 0, ZoneOffset.UTC))
                .payload(FtHttpInfo.CONTENT_TYPE, info.toXml()).build();
        StoredObject built = new CpmObjects().fileTransferHttp(CpmObjectHeaders.builder()
                .date(OffsetDateTime.of(2016, 3, 25, 12, 0, 7, 0, ZoneOffset.UTC)).from("tel:+33642575779")
                .to("tel:+33640332859").conversationId("c").contributionId("ft1").imdnMessageId("ft1")
                .direction(Direction.RECEIVED).build(), cpim);
        Fixtures.assertGolden("built-ft-http.eml", built.bytes());
        assertThat(new CpmObjects().readFileTransferHttp(StoredObject.parse(built.bytes()))).isEqualTo(info);
    }

    @Test
    void ftOverHttpRequiredParts() {
        String[] bad = {
            "<file xmlns='urn:gsma:params:xml:ns:rcs:rcs:fthttp'/>",
            "<file><file-info type='file'><file-size>1</file-size><content-type>a/b</content-type>"
                + "<data url='u' until='2016-04-01T12:00:00Z'/></file-info></file>",
            "<file><file-info type='file'><file-size>x</file-size><file-name>n</file-name><content-type>a/b</content-type>"
                + "<data url='u' until='2016-04-01T12:00:00Z'/></file-info></file>",
            "<file><file-info type='file'><file-size>1</file-size><file-name>n</file-name><content-type>a/b</content-type>"
                + "<data url='u'/></file-info></file>",
        };
        for (String b : bad) {
            assertThatThrownBy(() -> FtHttpInfo.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .as(b).isInstanceOf(CpmFormatException.class);
        }
    }

    @Test
    void historyNeedsAKnownTransferTypeAndNoNamespaceAndFtHttpItsOwnNamespaceOrNone() throws Exception {
        String fo = "<file-object><cid>cid:f1@x</cid><sdp>a=file-selector:name:\"a\" type:text/plain size:2</sdp></file-object>";
        assertThat(FileTransferHistory.parse(("<file-transfer-type>Pre-Defined</file-transfer-type>" + fo)
                .getBytes(StandardCharsets.UTF_8)).transferType()).isEqualTo("Pre-Defined");
        for (String b : new String[] {"<file-transfer-type>Evil</file-transfer-type>" + fo,
            "<file-transfer xmlns='urn:evil'><file-transfer-type>Ad-Hoc</file-transfer-type>" + fo + "</file-transfer>"}) {
            assertThatThrownBy(() -> FileTransferHistory.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .as(b).isInstanceOf(CpmFormatException.class);
        }
        String info = "<file-info type='file'><file-size>1</file-size><file-name>n</file-name><content-type>a/b</content-type>"
                + "<data url='https://x/y' until='2016-04-01T12:00:00Z'/></file-info>";
        assertThat(FtHttpInfo.parse(("<file xmlns='" + FtHttpInfo.NAMESPACE + "'>" + info + "</file>").getBytes(StandardCharsets.UTF_8))
                .file().size()).isEqualTo(1);
        assertThatThrownBy(() -> FtHttpInfo.parse(("<file xmlns='urn:evil'>" + info + "</file>").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CpmFormatException.class).hasMessageContaining("namespace");
    }
}
