package org.cpmmss.james.server.modules;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

import org.apache.james.lifecycle.api.StartUpCheck;
import org.cpmmss.james.server.checks.WebAdminExposureCheck;

/** Refuses to start when James's unauthenticated WebAdmin routes would be reachable beyond loopback. */
public class WebAdminExposureCheckModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), StartUpCheck.class).addBinding().to(WebAdminExposureCheck.class);
    }
}
