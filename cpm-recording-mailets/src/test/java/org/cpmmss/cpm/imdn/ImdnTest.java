package org.cpmmss.cpm.imdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.StoredObject;
import org.junit.jupiter.api.Test;

class ImdnTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2015, 4, 23, 8, 55, 52, 0, ZoneOffset.UTC);

    @Test
    void parsesDeliveredFixture() throws Exception {
        ImdnNotification n = new CpmObjects().readNotification(StoredObject.parse(Fixtures.bytes("imdn-delivered.eml")));
        assertThat(n).isEqualTo(ImdnNotification.of("MsgfkYflzUUKA", T, NotificationKind.DELIVERY, ImdnStatus.DELIVERED));
    }

    @Test
    void parsesDisplayedFixture() throws Exception {
        ImdnNotification n = new CpmObjects().readNotification(StoredObject.parse(Fixtures.bytes("imdn-displayed.eml")));
        assertThat(n.kind()).isEqualTo(NotificationKind.DISPLAY);
        assertThat(n.status()).isEqualTo(ImdnStatus.DISPLAYED);
        assertThat(n.recipientUri()).contains("tel:+33640332859");
        assertThat(n.originalRecipientUri()).contains("tel:+33640332859");
    }

    @Test
    void everyKindAndStatusRoundTrips() throws Exception {
        for (NotificationKind k : NotificationKind.values()) {
            for (ImdnStatus s : ImdnStatus.values()) {
                if (!k.allows(s)) {
                    assertThatThrownBy(() -> ImdnNotification.of("m", T, k, s)).isInstanceOf(IllegalArgumentException.class);
                    continue;
                }
                ImdnNotification n = new ImdnNotification("id-" + s, T.withOffsetSameInstant(ZoneOffset.ofHours(2)),
                        Optional.of("tel:+15551234"), Optional.empty(), Optional.of("Hi & <bye>"), k, s);
                assertThat(ImdnNotification.parse(n.toXml())).isEqualTo(n);
                CpimMessage cpim = ImdnCpim.wrap("tel:+15551234", "tel:+15559876", "n-" + s, T, n);
                assertThat(ImdnCpim.unwrap(CpimMessage.parse(cpim.bytes()))).isEqualTo(n);
            }
        }
    }

    @Test
    void goldenDeliveryNotification() throws Exception {
        ImdnNotification n = ImdnNotification.of("MsgfkYflzUUKA", T, NotificationKind.DELIVERY, ImdnStatus.FAILED);
        Fixtures.assertGolden("built-imdn-failed.xml", n.toXml());
    }

    @Test
    void refusesInvalidDocuments() {
        String[] bad = {
            "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><datetime>2015-04-23T08:55:52Z</datetime>"
                + "<delivery-notification><status><delivered/></status></delivery-notification></imdn>",
            "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>a</message-id>"
                + "<delivery-notification><status><delivered/></status></delivery-notification></imdn>",
            "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>a</message-id><datetime>2015-04-23T08:55:52Z</datetime></imdn>",
            "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>a</message-id><datetime>2015-04-23T08:55:52Z</datetime>"
                + "<delivery-notification><status><displayed/></status></delivery-notification></imdn>",
            "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>a</message-id><datetime>2015-04-23T08:55:52Z</datetime>"
                + "<display-notification><status/></display-notification></imdn>",
            "<imdn xmlns='urn:other'><message-id>a</message-id></imdn>",
            "<imdn xmlns='urn:ietf:params:xml:ns:imdn'><message-id>a</message-id><datetime>2015-04-23T08:55:52Z</datetime>"
                + "<delivery-notification><status><delivered/></status></delivery-notification>"
                + "<display-notification><status><displayed/></status></display-notification></imdn>",
            "<imdn",
        };
        for (String b : bad) {
            assertThatThrownBy(() -> ImdnNotification.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .as(b).isInstanceOf(CpmFormatException.class);
        }
    }

    @Test
    void dispositionNotificationHeader() throws Exception {
        assertThat(DispositionRequest.parseHeader("positive-delivery, negative-delivery,display"))
                .containsExactlyInAnyOrder(DispositionRequest.values()[0], DispositionRequest.values()[1],
                        DispositionRequest.DISPLAY);
        assertThat(DispositionRequest.parseHeader("Display")).containsExactly(DispositionRequest.DISPLAY);
        assertThat(DispositionRequest.formatHeader(EnumSet.of(DispositionRequest.DISPLAY,
                DispositionRequest.NEGATIVE_DELIVERY))).isEqualTo("negative-delivery, display");
        assertThatThrownBy(() -> DispositionRequest.parseHeader("positive-delivery, bogus"))
                .isInstanceOf(CpmFormatException.class);
        assertThatThrownBy(() -> DispositionRequest.parseHeader("")).isInstanceOf(CpmFormatException.class);
    }
}
