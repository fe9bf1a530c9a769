package io.pulseboard.aggregator.publish;

import io.pulseboard.model.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends a record of {@code pulse.events} the aggregator cannot count to {@code pulse.events.dlq}:
 * its raw key and value, with the headers {@code pulse-error} (why) and {@code pulse-source}
 * ({@code topic-partition@offset}).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final MutinyEmitter<byte[]> deadLetters;

    public DeadLetterPublisher(
            @Channel("dead-letters") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<byte[]> deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Where a record came from, as in the {@code pulse-source} header. */
    public static String source(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** Completes when Kafka has acknowledged the dead letter, or fails with the reason. */
    public CompletableFuture<Void> send(ConsumerRecord<byte[], byte[]> record, String reason) {
        try {
            KafkaRecord<byte[], byte[]> letter = KafkaRecord.of(record.key(), record.value())
                    .withHeader(Topics.ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                    .withHeader(Topics.SOURCE_HEADER, source(record).getBytes(StandardCharsets.UTF_8));
            return deadLetters.sendMessage(letter).subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
