package org.cpmmss.james.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Every thread's stack and held locks, as text: printed by test clients that time out waiting for a server. */
public final class ThreadDumps {
    private ThreadDumps() {
    }

    public static String all() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                out.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
        }
        return out.toString();
    }
}
