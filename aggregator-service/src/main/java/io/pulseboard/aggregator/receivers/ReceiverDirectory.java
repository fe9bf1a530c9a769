package io.pulseboard.aggregator.receivers;

import io.pulseboard.aggregator.support.Refreshed;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.aggregator.webhooks.NotificationsConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.Template;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final Refreshed<Map<String, Entry>> entries;

    public ReceiverDirectory(PayloadTemplates templates, NotificationsConfig config) {
        this.templates = templates;
        this.entries = new Refreshed<>("receivers", config.receiversRefresh(), Map.of(), this::read);
    }

    void start(@Observes StartupEvent event) {
        entries.start();
    }

    void stop(@Observes ShutdownEvent event) {
        entries.stop();
    }

    /** The receiver of that name as last read, or null. */
    public Entry get(String name) {
        return entries.get().get(name);
    }

    /** Reads the receivers again soon (after a change through this instance); returns at once. */
    void refresh() {
        entries.refreshNow();
    }

    /** The stored receivers; a template is compiled again only if its receiver changed since {@code last}. */
    private Map<String, Entry> read(Map<String, Entry> last) {
        List<Receiver> stored = VertxContexts.await(() -> Panache.withSession(
                        () -> ReceiverEntity.<ReceiverEntity>listAll())
                .map(rows -> rows.stream().map(ReceiverEntity::toReceiver).toList()));
        Map<String, Entry> next = new HashMap<>();
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
        return Map.copyOf(next);
    }
}
