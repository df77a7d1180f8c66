package org.cpmmss.james.ops.health;

import java.time.Duration;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;

/** The embedded H2 database answers a query through the server's own JPA persistence unit. */
public class H2DatabaseHealthCheck extends BlockingHealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("H2 database");
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public H2DatabaseHealthCheck(EntityManagerFactory entityManagerFactory) {
        super(COMPONENT, TIMEOUT, "H2 did not answer SELECT 1");
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    protected Result inspect() {
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
