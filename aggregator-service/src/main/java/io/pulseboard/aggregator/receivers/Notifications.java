package io.pulseboard.aggregator.receivers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.json.PulseJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a rule's alert change sends: to its receiver, the receiver's template rendered with its
 * headers; to its plain webhook, the Alert JSON; nothing without either.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private final ReceiverDirectory directory;
    private final PayloadTemplates templates;
    private final Counter unsent;

    public Notifications(ReceiverDirectory directory, PayloadTemplates templates, MeterRegistry registry) {
        this.directory = directory;
        this.templates = templates;
        this.unsent = Counter.builder("pulse.notifications.unsent")
                .description("Notifications not sent: the rule's receiver is unknown or its template failed")
                .register(registry);
    }

    /** The call to make, or null if none. */
    public Notification of(AlertRule rule, Alert alert) {
        if (rule.receiver() != null) {
            ReceiverDirectory.Entry entry = directory.get(rule.receiver());
            if (entry == null) {
                unsent.increment();
                LOG.warnf(
                        "alert %s (%s) of rule %s: no receiver named %s is known here, nothing is sent",
                        alert.id(), alert.state().jsonName(), rule.id(), rule.receiver());
                return null;
            }
            Receiver r = entry.receiver();
            try {
                byte[] body = templates.render(entry.template(), r.name(), alert);
                return new Notification(r.name(), r.url(), r.headers(), r.contentType(), body);
            } catch (PayloadTemplates.InvalidTemplate e) {
                unsent.increment();
                LOG.warnf(
                        "alert %s (%s): the template of receiver %s failed, nothing is sent: %s",
                        alert.id(), alert.state().jsonName(), r.name(), e.getMessage());
                return null;
            }
        }
        if (rule.webhook() != null) {
            return new Notification(
                    null, rule.webhook(), Map.of(), Receiver.DEFAULT_CONTENT_TYPE, PulseJson.toBytes(alert));
        }
        return null;
    }
}
