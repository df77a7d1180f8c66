package org.cpmmss.recording.port;

/** Counters the pipeline steps increment (served over HTTP by ops). Adapter on James's MetricFactory. */
public interface PipelineMetrics {
    /** Adds one to the counter {@code metric} (e.g. {@code cpm.notifications.suppressed}). */
    void increment(String metric);
}
