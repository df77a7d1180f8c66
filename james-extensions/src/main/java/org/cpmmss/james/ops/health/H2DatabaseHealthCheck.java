package org.cpmmss.james.ops.health;

import java.time.Duration;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The embedded H2 database answers a query through the server's own JPA persistence unit. */
public class H2DatabaseHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("H2 database");
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public H2DatabaseHealthCheck(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(this::query)
            .subscribeOn(Schedulers.boundedElastic())
            .timeout(TIMEOUT)
            .onErrorResume(e -> Mono.just(Result.unhealthy(COMPONENT, "H2 did not answer SELECT 1: " + e, e)));
    }

    private Result query() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            Object answer = entityManager.createNativeQuery("SELECT 1").getSingleResult();
            if (answer instanceof Number && ((Number) answer).intValue() == 1) {
                return Result.healthy(COMPONENT);
            }
            return Result.unhealthy(COMPONENT, "H2 answered SELECT 1 with " + answer);
        } finally {
            entityManager.close();
        }
    }
}
