package org.cpmmss.james.ops.health;

import java.time.Duration;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A health check whose inspection blocks (a query, a file, a socket): run on the bounded-elastic scheduler, bounded
 * by a timeout; a thrown error or the timeout is unhealthy, its message prefixed with what could not be done.
 */
abstract class BlockingHealthCheck implements HealthCheck {
    private final ComponentName component;
    private final Duration timeout;
    private final String failure;

    /** @param failure what could not be done, e.g. "cannot open the search index" */
    protected BlockingHealthCheck(ComponentName component, Duration timeout, String failure) {
        this.component = component;
        this.timeout = timeout;
        this.failure = failure;
    }

    @Override
    public final ComponentName componentName() {
        return component;
    }

    @Override
    public final Publisher<Result> check() {
        return Mono.fromCallable(this::inspect)
            .subscribeOn(Schedulers.boundedElastic())
            .timeout(timeout)
            .onErrorResume(e -> Mono.just(Result.unhealthy(component, failure + ": " + e, e)));
    }

    /** The result; may block and throw. */
    protected abstract Result inspect() throws Exception;
}
