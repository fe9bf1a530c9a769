package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.model.Alert;
import io.pulseboard.model.json.PulseJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes an alert's state to {@code pulse.alerts}, keyed by {@code <rule id>/<stream>}. */
@ApplicationScoped
public class AlertPublisher {

    private final MutinyEmitter<byte[]> alerts;

    public AlertPublisher(
            @Channel("alerts") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> alerts) {
        this.alerts = alerts;
    }

    public static String key(Alert a) {
        return a.ruleId() + "/" + a.stream();
    }

    /** Completes when Kafka has acknowledged the message. */
    public Uni<Void> publish(Alert a) {
        return VertxContexts.onCallerContext(
                Uni.createFrom().deferred(() -> alerts.sendMessage(KafkaRecord.of(key(a), PulseJson.toBytes(a)))));
    }
}
