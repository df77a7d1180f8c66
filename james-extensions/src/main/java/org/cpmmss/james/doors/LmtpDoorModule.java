package org.cpmmss.james.doors;

import org.apache.james.lmtpserver.netty.LMTPServerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Binds the LMTP door's server ({@link LmtpDoorServer}) in place of James's: applied with {@code Modules.override}
 * semantics over James's {@code LMTPServerModule}, whose probe and start-up keep using {@link LMTPServerFactory}.
 */
public class LmtpDoorModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LMTPServerFactory.class).to(LmtpDoorServerFactory.class);
        bind(LmtpDoorServerFactory.class).in(Scopes.SINGLETON);
    }
}
