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
 * What a rule's alert change sends: to its plain webhook, the Alert JSON at once ({@link #of}); to its
 * receiver, through the receiver's group ({@link #grouping}, {@link Grouper}), the receiver's
 * template rendered for the group with its headers ({@link #of(Grouper.Batch)}); nothing without
 * either.
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

    /** The grouping of the rule's receiver, or null (counted and logged) if no such receiver is known here. */
    public Grouper.Settings grouping(AlertRule rule, Alert alert) {
        ReceiverDirectory.Entry entry = directory.get(rule.receiver());
        if (entry == null) {
            unknown(rule, alert);
            return null;
        }
        return entry.receiver().grouping();
    }

    /** The call that sends the group, or null (counted and logged) if its receiver is gone or its template failed. */
    public Notification of(Grouper.Batch batch) {
        ReceiverDirectory.Entry entry = directory.get(batch.receiver());
        if (entry == null) {
            unsent.increment();
            LOG.warnf("%s: the receiver is no longer known here, nothing is sent", batch.describe());
            return null;
        }
        Receiver r = entry.receiver();
        try {
            byte[] body = templates.render(entry.template(), batch);
            return new Notification(r.name(), r.url(), r.headers(), r.contentType(), body);
        } catch (PayloadTemplates.InvalidTemplate e) {
            unsent.increment();
            LOG.warnf("%s: the template failed, nothing is sent: %s", batch.describe(), e.getMessage());
            return null;
        }
    }

    private void unknown(AlertRule rule, Alert alert) {
        unsent.increment();
        LOG.warnf(
                "alert %s (%s) of rule %s: no receiver named %s is known here, nothing is sent",
                alert.id(), alert.state().jsonName(), rule.id(), rule.receiver());
    }

    /** The call to make for this one alert (without grouping), or null if none. */
    public Notification of(AlertRule rule, Alert alert) {
        if (rule.receiver() != null) {
            ReceiverDirectory.Entry entry = directory.get(rule.receiver());
            if (entry == null) {
                unknown(rule, alert);
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
