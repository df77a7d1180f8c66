package org.cpmmss.cpm.cpim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.mime.Multipart;
import org.cpmmss.cpm.object.StoredObject;
import org.junit.jupiter.api.Test;

class CpimMessageTest {

    @Test
    void aNulInACpimOrEncapsulatedHeaderValueIsRefused() {
        String cpim = "From: <tel:+33600000001>\r\nTo: <sip:anonymous@anonymous.invalid>\r\nSubject: a\u0000b\r\n\r\n"
            + "Content-Type: text/plain\r\n\r\nhi\r\n";
        assertThatThrownBy(() -> CpimMessage.parse(cpim.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(CpmFormatException.class).hasMessageContaining("NUL");
        String inner = "From: <tel:+33600000001>\r\nTo: <sip:anonymous@anonymous.invalid>\r\n\r\n"
            + "Content-Type: text/plain\r\nX-A: a\u0000b\r\n\r\nhi\r\n";
        assertThatThrownBy(() -> CpimMessage.parse(inner.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(CpmFormatException.class).hasMessageContaining("NUL");
    }

    @Test
    void parsesOrangeStyleCpimWithBareLfAndCompactOffset() throws Exception {
        byte[] raw = Fixtures.bytes("cpim-orange-lf.cpim");
        CpimMessage m = CpimMessage.parse(raw);
        assertThat(m.from()).contains("<sip:anonymous@anonymous.invalid>");
        assertThat(m.to()).containsExactly("<sip:anonymous@anonymous.invalid>");
        assertThat(m.namespaces()).containsEntry("imdn", CpimNamespaces.IMDN);
        assertThat(m.imdnMessageId()).contains("MsgfkYflzUUKA");
        assertThat(m.dateTime()).contains(OffsetDateTime.of(2015, 4, 23, 10, 55, 51, 0, ZoneOffset.ofHours(2)));
        assertThat(m.dispositionNotification()).containsExactlyInAnyOrder(DispositionRequest.POSITIVE_DELIVERY,
                DispositionRequest.DISPLAY);
        assertThat(m.payloadContentType().mimeType()).isEqualTo("text/plain");
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("Hello\n");
        assertThat(m.bytes()).isEqualTo(raw);
    }

    @Test
    void everyStoredCpimComesBackByteForByte() throws Exception {
        for (String f : List.of("chat-1to1.eml", "chat-group.eml", "imdn-delivered.eml", "ft-http.eml", "sms.eml",
                "mms.eml", "standalone-pager.eml")) {
            StoredObject o = StoredObject.parse(Fixtures.bytes(f));
            CpimMessage m = CpimMessage.parse(o.body());
            assertThat(m.bytes()).as(f).isEqualTo(o.body());
            assertThat(o.bytes()).as(f).isEqualTo(Fixtures.bytes(f));
        }
    }

    @Test
    void namespacePrefixIsResolvedWhateverItIs() throws Exception {
        String s = "From: <tel:+1555>\r\nNS: x <urn:ietf:params:imdn>\r\nx.Message-ID: abc\r\n\r\n"
                + "Content-Type: text/plain\r\n\r\nhi";
        CpimMessage m = CpimMessage.parse(s.getBytes(StandardCharsets.UTF_8));
        assertThat(m.imdnMessageId()).contains("abc");
        assertThat(m.header(CpimNamespaces.GSMA, "Foo")).isEmpty();
    }

    @Test
    void carriesANestedMultipartPayload() throws Exception {
        StoredObject o = StoredObject.parse(Fixtures.bytes("mms.eml"));
        CpimMessage m = CpimMessage.parse(o.body());
        assertThat(m.payloadContentType().mimeType()).isEqualTo("multipart/related");
        List<MimePart> parts = Multipart.split(m.body(), m.payloadContentType().parameter("boundary").orElseThrow(),
                MimeLimits.DEFAULT);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(1).contentId()).contains("image1");
        assertThat(parts.get(1).decodedBody()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void builderThenParserAreEqualAndDateTimeIsRfc3339() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2016, 3, 25, 10, 45, 40, 0, ZoneOffset.ofHours(1));
        CpimMessage built = CpimMessage.builder()
                .from("tel:+33642575779").to("<tel:+33640332859>")
                .imdnNamespace().namespace("rcs", CpimNamespaces.GSMA)
                .imdnMessageId("Msg1").dateTime(t)
                .dispositionNotification(EnumSet.of(DispositionRequest.DISPLAY, DispositionRequest.POSITIVE_DELIVERY))
                .payload("text/plain; charset=utf-8", "Héllo")
                .build();
        String text = built.toString();
        assertThat(text).contains("DateTime: 2016-03-25T10:45:40+01:00\r\n")
                .contains("imdn.Disposition-Notification: positive-delivery, display\r\n")
                .contains("Content-Length: 6\r\n");
        CpimMessage parsed = CpimMessage.parse(built.bytes());
        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.dateTime()).contains(t);
        assertThat(parsed.from()).contains("<tel:+33642575779>");
        assertThat(new String(parsed.body(), StandardCharsets.UTF_8)).isEqualTo("Héllo");
        Fixtures.assertGolden("built-cpim.cpim", built.bytes());
    }

    @Test
    void removesOnlyThePositiveDeliveryRequest() throws Exception {
        byte[] raw = Fixtures.bytes("cpim-orange-lf.cpim");
        CpimMessage m = CpimMessage.parse(raw).withoutPositiveDeliveryRequest();
        assertThat(m.dispositionNotification()).containsExactly(DispositionRequest.DISPLAY);
        assertThat(m.toString()).isEqualTo(new String(raw, StandardCharsets.UTF_8)
                .replace("imdn.Disposition-Notification: positive-delivery, display\n",
                        "imdn.Disposition-Notification: display\n"));

        CpimMessage only = CpimMessage.builder().from("tel:+1555").imdnNamespace().imdnMessageId("x")
                .dispositionNotification(EnumSet.of(DispositionRequest.POSITIVE_DELIVERY))
                .payload("text/plain", "x").build();
        assertThat(only.withoutPositiveDeliveryRequest().header("imdn.Disposition-Notification")).isEmpty();
        CpimMessage none = CpimMessage.builder().from("tel:+1555").payload("text/plain", "x").build();
        assertThat(none.withoutPositiveDeliveryRequest()).isSameAs(none);
    }

    @Test
    void refusesMalformedCpim() {
        for (String bad : List.of("", "\r\n", "From: x\r\n", "From: x\r\n\r\nContent-Type: text/plain\r\n",
                "From: x\r\n\r\nX-Foo: y\r\n\r\nbody", "NS: imdn urn:x\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "no colon here\r\n\r\nContent-Type: text/plain\r\n\r\n", " continuation\r\n\r\n")) {
            assertThatThrownBy(() -> CpimMessage.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(CpmFormatException.class);
        }
    }

    @Test
    void badDateTimeIsATypedError() throws Exception {
        CpimMessage m = CpimMessage.parse("DateTime: yesterday\r\n\r\nContent-Type: text/plain\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(m::dateTime).isInstanceOf(CpmFormatException.class).hasMessageContaining("RFC 3339");
    }

    @Test
    void refusesHeaderInjectionWhenBuilding() {
        assertThatThrownBy(() -> CpimMessage.builder().from("tel:+1\r\nX-Evil: 1").payload("text/plain", "x").build())
                .isInstanceOf(CpmFormatException.class);
    }
}
