package org.cpmmss.james.search.indexing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.cpmmss.james.search.text.LuceneTextIndex;

/** A real index whose adds take 100 ms each (a backlog), recording whether the adding thread was interrupted. */
final class SlowTextIndex extends ForwardingTextIndex {
    final CountDownLatch started = new CountDownLatch(1);
    final List<Long> adds = new CopyOnWriteArrayList<>();
    final List<Long> interruptedAdds = new CopyOnWriteArrayList<>();
    /** The thread of each add, in order. */
    final List<String> addingThreads = new CopyOnWriteArrayList<>();

    SlowTextIndex(LuceneTextIndex delegate) {
        super(delegate);
    }

    LuceneTextIndex delegate() {
        return (LuceneTextIndex) delegate;
    }

    @Override
    public void add(MailboxMessage message) throws IOException {
        slowly(message);
        super.add(message);
    }

    @Override
    public void add(MailboxMessage message, byte[] content) throws IOException {
        slowly(message);
        super.add(message, content);
    }

    private void slowly(MailboxMessage message) {
        started.countDown();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < end) {
            Thread.onSpinWait(); // busy, as Lucene's inversion is: an interrupt would only be seen by its I/O
        }
        if (Thread.currentThread().isInterrupted()) {
            interruptedAdds.add(message.getUid().asLong());
        }
        adds.add(message.getUid().asLong());
        addingThreads.add(Thread.currentThread().getName());
    }
}
