package io.pulseboard.aggregator.receivers;

import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.aggregator.webhooks.NotificationsConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.Template;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every instance's copy of the receivers, for sending: read from PostgreSQL every
 * {@code pulse.notifications.receivers-refresh} and right after a change made through this
 * instance, with each template compiled once. A change made through another instance applies here
 * within that interval.
 */
@ApplicationScoped
public class ReceiverDirectory {

    private static final Logger LOG = Logger.getLogger(ReceiverDirectory.class);

    /** A receiver with its compiled template. */
    public record Entry(Receiver receiver, Template template) {}

    private final PayloadTemplates templates;
    private final Duration interval;
    private volatile Map<String, Entry> entries = Map.of();
    private ScheduledExecutorService timer;

    public ReceiverDirectory(PayloadTemplates templates, NotificationsConfig config) {
        this.templates = templates;
        this.interval = config.receiversRefresh();
    }

    void start(@Observes StartupEvent event) {
        timer = DaemonThreads.timer("pulse-receivers");
        long every = Math.max(100, interval.toMillis());
        timer.scheduleWithFixedDelay(this::load, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The receiver of that name as last read, or null. */
    public Entry get(String name) {
        return entries.get(name);
    }

    /** Reads the receivers again soon (after a change through this instance); returns at once. */
    void refresh() {
        try {
            if (timer != null) {
                timer.execute(this::load);
            }
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void load() {
        List<Receiver> stored;
        try {
            stored = VertxContexts.await(() -> Panache.withSession(() -> ReceiverEntity.<ReceiverEntity>listAll())
                    .map(rows -> rows.stream().map(ReceiverEntity::toReceiver).toList()));
        } catch (RuntimeException e) {
            LOG.warnf("reading the receivers failed, keeping the last ones read: %s", e.toString());
            return;
        }
        Map<String, Entry> next = new HashMap<>();
        Map<String, Entry> last = entries;
        for (Receiver r : stored) {
            Entry known = last.get(r.name());
            if (known != null && known.receiver().equals(r)) {
                next.put(r.name(), known);
                continue;
            }
            try {
                next.put(r.name(), new Entry(r, templates.compile(r.template())));
            } catch (PayloadTemplates.InvalidTemplate e) {
                // Checked when saved; only a change of Qute could make a stored template invalid.
                LOG.warnf("receiver %s: its template cannot be used: %s", r.name(), e.getMessage());
            }
        }
        entries = Map.copyOf(next);
    }
}
