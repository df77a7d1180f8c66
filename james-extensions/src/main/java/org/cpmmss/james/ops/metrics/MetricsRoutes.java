package org.cpmmss.james.ops.metrics;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.webadmin.Routes;
import org.cpmmss.james.plumbing.CpmMssVersion;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /metrics}: every metric of James's DropWizard registry plus cpm-mss's own, in the Prometheus
 * text format (see docs/operator-guide.md for the list). It is a private WebAdmin route: it needs a JWT
 * when WebAdmin has JWT enabled.
 */
public class MetricsRoutes implements Routes {
    public static final String PATH = "/metrics";
    /** Meter the recording pipeline marks once per disposition notification it does not store or forward. */
    public static final String SUPPRESSED_NOTIFICATIONS = "cpm.notifications.suppressed";
    private static final double NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};

    private final MetricRegistry registry;
    private final MailQueueFactory<? extends ManageableMailQueue> queues;
    private final DeferredObjectsCensus census;

    @Inject
    public MetricsRoutes(MetricRegistry registry, MetricFactory metricFactory,
                         MailQueueFactory<? extends ManageableMailQueue> queues, DeferredObjectsCensus census) {
        this.registry = registry;
        this.queues = queues;
        this.census = census;
        metricFactory.generate(SUPPRESSED_NOTIFICATIONS);
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, this::render);
    }

    private Object render(Request request, Response response) {
        response.type(PrometheusText.CONTENT_TYPE);
        return scrape();
    }

    /** The whole exposition. */
    public String scrape() {
        PrometheusText out = new PrometheusText();
        out.family("cpm_build_info", "gauge", "Always 1; the label version is the running cpm-mss version (the pom's)");
        out.sample("cpm_build_info", 1, "version", CpmMssVersion.version());
        doors(out);
        queue(out);
        deferred(out);
        james(out);
        return out.render();
    }

    private void doors(PrometheusText out) {
        out.family("cpm_door_requests_total", "counter",
            "Commands answered per door (imap, smtp, lmtp, sip; DATA_END = end of DATA: spooled on smtp, processed on lmtp; http: WebAdmin and /cpm routes)");
        out.family("cpm_door_request_duration_seconds", "summary", "Command latency per door and command, seconds");
        for (Map.Entry<String, Timer> entry : registry.getTimers().entrySet()) {
            String name = entry.getKey();
            String door;
            String command;
            if (name.startsWith("IMAP-")) {
                door = "imap";
                command = name.substring("IMAP-".length());
            } else if (DoorTimers.doorAndCommand(name) != null) {
                door = DoorTimers.doorAndCommand(name)[0];
                command = DoorTimers.doorAndCommand(name)[1];
            } else if (name.equals("webAdmin")) {
                door = "http";
                command = "ALL";
            } else {
                continue;
            }
            Timer timer = entry.getValue();
            out.sample("cpm_door_requests_total", timer.getCount(), "door", door, "command", command);
            Snapshot snapshot = timer.getSnapshot();
            for (double q : QUANTILES) {
                out.sample("cpm_door_request_duration_seconds", snapshot.getValue(q) / NANOS,
                    "door", door, "command", command, "quantile", Double.toString(q));
            }
            out.sample("cpm_door_request_duration_seconds", "cpm_door_request_duration_seconds_count", timer.getCount(),
                "door", door, "command", command);
        }
        Meter connections = registry.getMeters().get("imapConnections");
        out.family("cpm_door_connections", "gauge", "Open connections per door (IMAP only: James counts no other)");
        out.sample("cpm_door_connections", connections == null ? 0 : connections.getCount(), "door", "imap");
    }

    private void queue(PrometheusText out) {
        out.family("cpm_mail_queue_depth", "gauge", "Mails waiting in each mail queue (spool: accepted over SMTP, not yet processed)");
        Set<MailQueueName> names = queues.listCreatedMailQueues();
        for (MailQueueName name : names) {
            queues.getQueue(name).ifPresent(queue -> {
                double depth;
                try {
                    depth = queue.getSize();
                } catch (Exception e) {
                    depth = Double.NaN;
                }
                out.sample("cpm_mail_queue_depth", depth, "queue", name.asString());
            });
        }
    }

    private void deferred(PrometheusText out) {
        DeferredObjectsCensus.Counts counts = census.counts();
        out.family("cpm_deferred_temporary_objects", "gauge", "Stored temporary objects of deferred hand-overs (keyword $cpm-temporary), all users");
        out.sample("cpm_deferred_temporary_objects", counts.temporary() < 0 ? Double.NaN : counts.temporary());
        out.family("cpm_expiry_backlog", "gauge", "Temporary objects whose Expires is past and that the expiry sweeper has not removed yet");
        out.sample("cpm_expiry_backlog", counts.expired() < 0 ? Double.NaN : counts.expired());
        Meter suppressed = registry.getMeters().get(SUPPRESSED_NOTIFICATIONS);
        out.family("cpm_notifications_suppressed_total", "counter", "Disposition notifications the pipeline suppressed (duplicates, first-wins, policy)");
        out.sample("cpm_notifications_suppressed_total", suppressed == null ? 0 : suppressed.getCount());
    }

    @SuppressWarnings("rawtypes")
    private void james(PrometheusText out) {
        SortedMap<String, Gauge> gauges = registry.getGauges();
        gauges.forEach((name, gauge) -> {
            Object value;
            try {
                value = gauge.getValue();
            } catch (RuntimeException e) {
                return;
            }
            if (value instanceof Number) {
                String family = "james_" + PrometheusText.sanitize(name);
                out.family(family, "gauge", "James gauge " + name);
                out.sample(family, ((Number) value).doubleValue());
            }
        });
        registry.getCounters().forEach((name, counter) -> {
            String family = "james_" + PrometheusText.sanitize(name);
            out.family(family, "gauge", "James counter " + name);
            out.sample(family, ((Counter) counter).getCount());
        });
        registry.getMeters().forEach((name, meter) -> {
            String family = "james_" + PrometheusText.sanitize(name) + "_total";
            out.family(family, "counter", "James metric " + name);
            out.sample(family, meter.getCount());
        });
        registry.getTimers().forEach((name, timer) -> {
            String family = "james_" + PrometheusText.sanitize(name) + "_seconds";
            out.family(family, "summary", "James timer " + name + ", seconds");
            Snapshot snapshot = timer.getSnapshot();
            for (double q : QUANTILES) {
                out.sample(family, snapshot.getValue(q) / NANOS, "quantile", Double.toString(q));
            }
            out.sample(family, family + "_count", timer.getCount());
        });
        registry.getHistograms().forEach((name, histogram) -> {
            String family = "james_" + PrometheusText.sanitize(name);
            out.family(family, "summary", "James histogram " + name);
            Snapshot snapshot = ((Histogram) histogram).getSnapshot();
            for (double q : QUANTILES) {
                out.sample(family, snapshot.getValue(q), "quantile", Double.toString(q));
            }
            out.sample(family, family + "_count", ((Histogram) histogram).getCount());
        });
    }
}
