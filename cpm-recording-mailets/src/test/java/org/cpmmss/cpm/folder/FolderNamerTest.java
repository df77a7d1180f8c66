package org.cpmmss.cpm.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FolderNamerTest {
    private final CpmAddress peer = peer("tel:+33612345678");

    private static CpmAddress peer(String s) {
        try {
            return new CpmAddressNormalizer().normalize(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rcsLayout() throws Exception {
        FolderNamer n = new FolderNamer(FolderLayout.RCS);
        assertThat(n.oneToOneStandalone(peer, "conv-1").path()).isEqualTo("Default/tel:+33612345678");
        assertThat(n.oneToOneSession(peer, "conv-1", "contrib-1").path()).isEqualTo("Default/tel:+33612345678");
        assertThat(n.groupSession("conv-1", "contrib-1").path()).isEqualTo("Default/conv-1/contrib-1");
        assertThat(n.groupStandalone("conv-1", "contrib-1").path()).isEqualTo("Default/conv-1/contrib-1");
        assertThat(n.peerFolder(peer("sip:alice@example.com")).path()).isEqualTo("Default/sip:alice@example.com");
        assertThat(n.folderFor(false, true, peer, "c", "d").components()).containsExactly("Default", "tel:+33612345678");
    }

    @Test
    void omaLayout() throws Exception {
        FolderNamer n = new FolderNamer(FolderLayout.fromConfig("oma"), "cpmdefault");
        assertThat(n.oneToOneStandalone(peer, "conv-1").path()).isEqualTo("cpmdefault/conv-1");
        assertThat(n.oneToOneSession(peer, "conv-1", "contrib-1").path()).isEqualTo("cpmdefault/conv-1/contrib-1");
        assertThat(n.groupStandalone("conv-1", "contrib-1").path()).isEqualTo("cpmdefault/conv-1");
        assertThat(n.groupSession("conv-1", "contrib-1").path()).isEqualTo("cpmdefault/conv-1/contrib-1");
        assertThat(n.folderFor(true, true, null, "conv-1", "contrib-1").selfAndAncestors())
                .extracting(FolderPath::path)
                .containsExactly("cpmdefault", "cpmdefault/conv-1", "cpmdefault/conv-1/contrib-1");
    }

    @Test
    void layoutConfigValues() {
        assertThat(FolderLayout.fromConfig("RCS")).isEqualTo(FolderLayout.RCS);
        assertThat(FolderLayout.RCS.configValue()).isEqualTo("rcs");
        assertThatThrownBy(() -> FolderLayout.fromConfig("flat")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "a..b", "../etc", "a/b", "/", "*", "conv%", "a\u0000b", "a\tb", "a\rb", "a\nb",
        "a\u007fb", "a\u0085b", "", " lead", "trail "})
    void refusesUnsafeIds(String id) {
        for (FolderLayout layout : FolderLayout.values()) {
            FolderNamer n = new FolderNamer(layout);
            assertThatThrownBy(() -> n.groupSession(id, "ok")).isInstanceOf(UnsafeFolderNameException.class);
            assertThatThrownBy(() -> n.groupSession("ok", id)).isInstanceOf(UnsafeFolderNameException.class);
            assertThatThrownBy(() -> n.conversationFolder(id)).isInstanceOf(UnsafeFolderNameException.class);
        }
    }

    @Test
    void reasonsAreTyped() {
        FolderNamer n = new FolderNamer(FolderLayout.OMA);
        assertThatThrownBy(() -> n.conversationFolder("a/../b"))
                .isInstanceOfSatisfying(UnsafeFolderNameException.class,
                        e -> assertThat(e.why()).isEqualTo(UnsafeFolderNameException.Reason.DOT_DOT));
        assertThatThrownBy(() -> n.conversationFolder("x*"))
                .isInstanceOfSatisfying(UnsafeFolderNameException.class,
                        e -> assertThat(e.why()).isEqualTo(UnsafeFolderNameException.Reason.WILDCARD));
        assertThatThrownBy(() -> n.conversationFolder("x".repeat(300)))
                .isInstanceOfSatisfying(UnsafeFolderNameException.class,
                        e -> assertThat(e.why()).isEqualTo(UnsafeFolderNameException.Reason.TOO_LONG));
    }

    @Test
    void unsafePeerAddressIsRefused() {
        FolderNamer n = new FolderNamer(FolderLayout.RCS);
        CpmAddress sneaky = new CpmAddress(CpmAddress.Kind.SIP, "a/../b@example.com");
        assertThatThrownBy(() -> n.peerFolder(sneaky)).isInstanceOf(UnsafeFolderNameException.class);
        assertThatThrownBy(() -> n.peerFolder(null)).isInstanceOf(UnsafeFolderNameException.class);
    }

    @Test
    void unsafeRootIsAConfigurationError() {
        assertThatThrownBy(() -> new FolderNamer(FolderLayout.RCS, "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FolderNamer(FolderLayout.RCS).rootFolder().components()).isEqualTo(List.of("Default"));
    }
}
