package io.pulseboard.aggregator.alerts;

import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.model.Topics;
import java.time.Instant;
import java.util.List;

/** The events of the alert flow tests, sent with the test kit's TopicWriter. */
public final class FlowEvents {

    private FlowEvents() {}

    /** Sends {@code perStream} events with {@code latency_ms} 1, timed now, to each of {@code streams}, round by round, and waits for Kafka to take them. */
    public static void send(String bootstrap, List<String> streams, int perStream) {
        try (TopicWriter events = new TopicWriter(bootstrap)) {
            for (int i = 0; i < perStream; i++) {
                for (String stream : streams) {
                    events.sendAsync(
                            Topics.EVENTS,
                            stream,
                            "{\"stream\":\"%s\",\"time\":\"%s\",\"values\":{\"latency_ms\":1}}"
                                    .formatted(stream, Instant.now()));
                }
            }
            events.flush();
        }
    }

    /** Sends {@code count} events of {@code stream} from {@code time} on, 1 ms apart, each with {@code valueName} = {@code value}. */
    public static void send(String bootstrap, String stream, Instant time, int count, String valueName, double value) {
        try (TopicWriter events = new TopicWriter(bootstrap)) {
            for (int i = 0; i < count; i++) {
                events.sendAsync(
                        Topics.EVENTS,
                        stream,
                        "{\"stream\":\"%s\",\"time\":\"%s\",\"values\":{\"%s\":%s}}"
                                .formatted(stream, time.plusMillis(i), valueName, value));
            }
            events.flush();
        }
    }
}
