package org.cpmmss.james.modules;

import javax.annotation.PreDestroy;

import org.apache.james.onami.lifecycle.StageHandler;
import org.apache.james.onami.lifecycle.Stageable;
import org.apache.james.onami.lifecycle.Stager;

/**
 * Closes an object made by a {@code @Provides} method when the server stops. James's lifecycle calls the
 * {@code @PreDestroy} methods only of objects Guice constructs itself, never of what a provider method returns, so a
 * state database opened there stayed open until the process exited (and H2 never compacted its file). Registered
 * with the same stop stage, it is closed in reverse order of creation: after the components that use it.
 */
public final class ClosedAtStop {
    private ClosedAtStop() {
    }

    /** Registers {@code resource} to be closed at the server's stop; returns it. */
    public static <T extends AutoCloseable> T register(Stager<PreDestroy> stopping, T resource) {
        stopping.register(new Stageable() {
            @Override
            public void stage(StageHandler handler) {
                try {
                    resource.close();
                    handler.onSuccess(resource);
                } catch (Exception e) {
                    handler.onError(resource, e);
                }
            }

            @Override
            public String toString() {
                return "close " + resource.getClass().getSimpleName();
            }
        });
        return resource;
    }
}
