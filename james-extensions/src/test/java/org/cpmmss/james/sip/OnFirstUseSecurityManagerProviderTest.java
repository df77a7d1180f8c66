package org.cpmmss.james.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import gov.nist.core.net.DefaultSecurityManagerProvider;

/**
 * The SIP stack's key and trust managers made on first use give what JAIN-SIP's default provider gives when
 * initialised with the same properties; a trust store that cannot be read fails on that use, not before.
 */
class OnFirstUseSecurityManagerProviderTest {
    @Test
    void theManagersAreTheDefaultProvidersOnes() throws Exception {
        OnFirstUseSecurityManagerProvider onFirstUse = new OnFirstUseSecurityManagerProvider();
        onFirstUse.init(new Properties());
        DefaultSecurityManagerProvider byDefault = new DefaultSecurityManagerProvider();
        byDefault.init(new Properties());

        TrustManager[] trust = onFirstUse.getTrustManagers(false);
        assertThat(trust).hasSameSizeAs(byDefault.getTrustManagers(false));
        assertThat(((X509TrustManager) trust[0]).getAcceptedIssuers())
            .hasSameSizeAs(((X509TrustManager) byDefault.getTrustManagers(false)[0]).getAcceptedIssuers())
            .isNotEmpty();
        assertThat(onFirstUse.getKeyManagers(true)).hasSameSizeAs(byDefault.getKeyManagers(true));
    }

    @Test
    void anUnreadableTrustStoreFailsWhenTheManagersAreAskedFor() {
        Properties properties = new Properties();
        properties.setProperty("javax.net.ssl.trustStore", "/nonexistent/cpm-mss-trust-store.p12");
        properties.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        OnFirstUseSecurityManagerProvider onFirstUse = new OnFirstUseSecurityManagerProvider();
        onFirstUse.init(properties);

        assertThatThrownBy(() -> onFirstUse.getTrustManagers(false)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("SIP stack");
    }
}
