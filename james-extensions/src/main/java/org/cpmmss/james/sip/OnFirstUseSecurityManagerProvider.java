package org.cpmmss.james.sip;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Properties;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import gov.nist.core.net.DefaultSecurityManagerProvider;
import gov.nist.core.net.SecurityManagerProvider;

/**
 * The SIP stack's key and trust managers, made on first use only: JAIN-SIP's {@link DefaultSecurityManagerProvider}
 * loads the JVM's trust store (every CA certificate parsed) and sets up a key manager factory when the stack is
 * created, for TLS, which the bridge never listens or connects with (sip.transports: udp and tcp). That work was
 * ~40 ms of the start's main thread. Whoever asks for the managers gets the default provider's, initialised then with
 * the stack's properties, exactly as it would have been at creation (a key or trust store that cannot be read
 * throws then instead of failing the stack's creation).
 */
public final class OnFirstUseSecurityManagerProvider implements SecurityManagerProvider {
    private Properties properties = new Properties();
    private DefaultSecurityManagerProvider provider;

    @Override
    public synchronized void init(Properties properties) {
        this.properties = properties;
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return provider().getKeyManagers(client);
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return provider().getTrustManagers(client);
    }

    private synchronized DefaultSecurityManagerProvider provider() {
        if (provider == null) {
            DefaultSecurityManagerProvider initialised = new DefaultSecurityManagerProvider();
            try {
                initialised.init(properties);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("SIP stack: cannot initialise its key and trust managers", e);
            }
            provider = initialised;
        }
        return provider;
    }
}
