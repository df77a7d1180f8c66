package org.cpmmss.james.store.api;

/** Opens {@link SharedForce}s on the store: bound where the native store is (the recording pipeline files with it). */
@FunctionalInterface
public interface SharedForces {
    SharedForce open();
}
