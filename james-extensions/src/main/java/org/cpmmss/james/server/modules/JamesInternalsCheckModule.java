package org.cpmmss.james.server.modules;

import org.apache.james.lifecycle.api.StartUpCheck;
import org.cpmmss.james.server.checks.JamesInternalsCheck;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/** Refuses to start when a private member of James that cpm-mss reaches is missing ({@link JamesInternalsCheck}). */
public class JamesInternalsCheckModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), StartUpCheck.class).addBinding().to(JamesInternalsCheck.class);
    }
}
