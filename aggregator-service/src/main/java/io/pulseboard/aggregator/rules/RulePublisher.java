package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.kafka.KafkaClientSettings;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes rules to the compacted {@code pulse.rules}, keyed by rule id: the whole rule on every
 * change, a tombstone (null value) on delete. A plain producer, because the messaging connector
 * has no way to send a null value.
 */
@ApplicationScoped
public class RulePublisher {

    private final KafkaProducer<String, byte[]> producer;

    public RulePublisher(KafkaClientSettings kafka, RulesConfig config) {
        Duration timeout = config.sendTimeout();
        Properties p = kafka.producer();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-rules-publisher");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int ms = (int) timeout.toMillis();
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 5000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes when Kafka has the rule. */
    public Uni<Void> publish(AlertRule rule) {
        return send(rule.id(), PulseJson.toBytes(rule));
    }

    /** Completes when Kafka has the tombstone of the rule. */
    public Uni<Void> delete(String id) {
        return send(id, null);
    }

    private Uni<Void> send(String id, byte[] value) {
        return VertxContexts.onCallerContext(Uni.createFrom()
                .<Void>emitter(em -> {
                    try {
                        producer.send(new ProducerRecord<>(Topics.RULES, id, value), (meta, error) -> {
                            if (error != null) {
                                em.fail(error);
                            } else {
                                em.complete(null);
                            }
                        });
                    } catch (RuntimeException e) {
                        em.fail(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())); // send() may block for metadata
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
