package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.gateway.routing.EventSample;
import io.pulseboard.gateway.routing.Hub;
import io.pulseboard.gateway.routing.Kind;
import io.pulseboard.gateway.routing.StateFrames;
import io.pulseboard.gateway.routing.Subscriber;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.StreamGlob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    @Test
    void aNewerStateReplacesTheWaitingOneInItsPlaceAndAnswersAreKeptEach() {
        OutboundQueue queue = new OutboundQueue();
        assertThat(queue.offer("m a 10:00", "a1")).isFalse();
        assertThat(queue.offer(null, "pong1")).isFalse();
        assertThat(queue.offer("m b 10:00", "b1")).isFalse();
        assertThat(queue.offer(null, "pong2")).isFalse();
        assertThat(queue.offer("m a 10:00", "a2")).isTrue();
        assertThat(queue.size()).isEqualTo(4);

        assertThat(queue.poll()).isEqualTo("a2");
        assertThat(queue.poll()).isEqualTo("pong1");
        assertThat(queue.poll()).isEqualTo("b1");
        assertThat(queue.poll()).isEqualTo("pong2");
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        // Once sent, the same key queues again.
        assertThat(queue.offer("m a 10:00", "a3")).isFalse();
    }

    @Test
    void aMessageCarryingSeveralStatesDropsTheirWaitingMessagesSoANewerStateComesAfterIt() {
        OutboundQueue queue = new OutboundQueue();
        queue.offer("min a 10:14", "a14#1");
        queue.offer("min a 10:15", "a15#1");
        queue.offer("min b 10:15", "b15#1");
        assertThat(queue.offer("mins a", "snapshot a: a14#1 a15#2", List.of("min a 10:14", "min a 10:15")))
                .isEqualTo(2);
        queue.offer("min a 10:15", "a15#3");
        assertThat(queue.offer("mins a", "snapshot a: a14#1 a15#3", List.of("min a 10:14", "min a 10:15")))
                .isEqualTo(2);

        assertThat(queue.poll()).isEqualTo("b15#1");
        assertThat(queue.poll()).isEqualTo("snapshot a: a14#1 a15#3");
        assertThat(queue.poll()).isNull();
    }

    /** A connection's queue that nobody drains: what a client that does not read would get once it reads. */
    private static final class Queued implements Subscriber {
        final OutboundQueue queue = new OutboundQueue();

        @Override
        public void deliver(String key, String frame) {
            queue.offer(key, frame);
        }

        @Override
        public void deliver(String key, String frame, Collection<String> carried) {
            queue.offer(key, frame, carried);
        }

        @Override
        public void offerEvent(EventSample sample, boolean errorsOnly) {
            throw new AssertionError("no events subscribed");
        }

        /** Each minute in the order the client reads them, as "start@revision", with the frame type. */
        List<String> drain() {
            List<String> read = new ArrayList<>();
            for (String frame = queue.poll(); frame != null; frame = queue.poll()) {
                JsonNode json = PulseJson.fromJson(frame, JsonNode.class);
                JsonNode data = json.path("data");
                for (JsonNode m : data.isArray() ? data : List.of(data)) {
                    read.add(json.path("type").asText() + " " + m.path("hour").asText() + "@"
                            + m.path("revision").asLong());
                }
            }
            return read;
        }
    }

    private static void publishMinute(Hub hub, Instant start, long revision, boolean isMinute) {
        HourlyMetrics m = new HourlyMetrics(
                "a", start, revision, 0, 0.0, Map.of(), 0.0, Map.of(), null, null, 0, revision, false, start);
        if (isMinute) {
            hub.onMinute(m, PulseJson.toJson(m));
        } else {
            hub.onMetrics(m, StateFrames.metrics(m));
        }
    }

    @Test
    void aClientBehindGetsTheLatestStateOfEachMinuteAndHourAndNeverAnOlderMinuteAfterASnapshot() {
        Instant ten = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Hub hub = new Hub();
        Queued client = new Queued();
        List<StreamGlob> a = List.of(StreamGlob.compile("a"));
        hub.subscribe(client, a, EnumSet.of(Kind.METRICS, Kind.MINUTES), 10, Map.of(), "{\"type\":\"subscribed\"}");
        publishMinute(hub, minute, 1, true);
        publishMinute(hub, ten, 1, false);
        publishMinute(hub, minute, 2, true);
        // The same stream again under a glob: a second snapshot, then a newer state of the minute.
        hub.subscribe(
                client,
                List.of(StreamGlob.compile("*")),
                EnumSet.of(Kind.MINUTES),
                10,
                Map.of(),
                "{\"type\":\"subscribed\"}");
        publishMinute(hub, minute, 3, true);
        publishMinute(hub, ten, 2, false);

        assertThat(client.drain())
                .containsExactly(
                        "subscribed @0",
                        "metrics " + ten + "@2",
                        "subscribed @0",
                        "minutes " + minute + "@2",
                        "minute " + minute + "@3");
    }
}
