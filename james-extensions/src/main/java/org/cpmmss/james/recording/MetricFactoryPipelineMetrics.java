package org.cpmmss.james.recording;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.cpmmss.recording.port.PipelineMetrics;

/** The pipeline's counters ({@link PipelineMetrics}) as James metrics, served by ops' metrics routes. */
public class MetricFactoryPipelineMetrics implements PipelineMetrics {
    private final MetricFactory metrics;

    @Inject
    public MetricFactoryPipelineMetrics(MetricFactory metrics) {
        this.metrics = metrics;
    }

    @Override
    public void increment(String metric) {
        metrics.generate(metric).increment();
    }
}
