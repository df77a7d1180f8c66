package org.cpmmss.james.doors;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * A test step for {@link LmtpConnectionsAtOnceTest}: holds the mail it is given (matched by a test header) inside the
 * pipeline until the test releases it, as a slow forced write would, on the thread that delivers it.
 */
public class HeldDelivery extends GenericMailet {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch released = new CountDownLatch(1);

    static void reset() {
        entered = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    @Override
    public void service(Mail mail) {
        entered.countDown();
        try {
            released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
