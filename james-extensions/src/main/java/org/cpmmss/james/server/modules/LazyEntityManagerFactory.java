package org.cpmmss.james.server.modules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

import javax.persistence.EntityManagerFactory;

/**
 * James's JPA persistence unit opened on first use: with the native store (or PostgreSQL) nothing on the start path
 * uses it any more (accounts, domains, rewrites and mail repository names are plain JDBC,
 * {@code org.cpmmss.james.mailbox.users}), and opening OpenJPA was a quarter of a start's CPU (issue 22). What still
 * holds it (the JPA mailbox when selected, {@code jpa://} mail repositories, James's current-quota table) opens it
 * when it first calls it. Before that, {@code isOpen()} answers true and {@code close()} does nothing.
 */
public final class LazyEntityManagerFactory {
    private LazyEntityManagerFactory() {
    }

    /** An {@link EntityManagerFactory} that calls {@code opening} once, on the first call that needs the real one. */
    public static EntityManagerFactory of(Supplier<EntityManagerFactory> opening) {
        Opened opened = new Opened(opening);
        return (EntityManagerFactory) Proxy.newProxyInstance(EntityManagerFactory.class.getClassLoader(),
            new Class<?>[] {EntityManagerFactory.class, Opening.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "opened":
                        return opened.isOpened();
                    case "isOpen":
                        if (!opened.isOpened()) {
                            return true;
                        }
                        break;
                    case "close":
                        if (!opened.isOpened()) {
                            return null;
                        }
                        break;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "LazyEntityManagerFactory[" + (opened.isOpened() ? "open" : "not opened") + "]";
                    default:
                        break;
                }
                try {
                    return method.invoke(opened.get(), args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    /** Whether {@code factory}, made by {@link #of}, was opened (any other factory: true). */
    public static boolean opened(EntityManagerFactory factory) {
        return !(factory instanceof Opening opening) || opening.opened();
    }

    /** Implemented by the proxies of {@link #of}. */
    interface Opening {
        boolean opened();
    }

    private static final class Opened {
        private final Supplier<EntityManagerFactory> opening;
        private volatile EntityManagerFactory factory;

        Opened(Supplier<EntityManagerFactory> opening) {
            this.opening = opening;
        }

        boolean isOpened() {
            return factory != null;
        }

        EntityManagerFactory get() {
            EntityManagerFactory current = factory;
            if (current == null) {
                synchronized (this) {
                    if (factory == null) {
                        factory = opening.get();
                    }
                    current = factory;
                }
            }
            return current;
        }
    }
}
