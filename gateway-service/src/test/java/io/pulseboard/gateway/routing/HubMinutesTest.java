package io.pulseboard.gateway.routing;

import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.StreamGlob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hub's rules for minutes: a snapshot frame per stream, then live minute frames, each with its own key. */
class HubMinutesTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:15:30Z"));
    private final Hub hub = new Hub(clock);
    private final Instant m14 = Instant.parse("2026-12-02T10:14:00Z");
    private final Instant m15 = Instant.parse("2026-12-02T10:15:00Z");
    private final Instant ten = Instant.parse("2026-12-02T10:00:00Z");

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** What a subscriber was given: each message with its key and the keys it carries. */
    private record Delivered(String key, String frame, Collection<String> carried) {
        JsonNode json() {
            return PulseJson.fromJson(frame, JsonNode.class);
        }
    }

    private static final class Inbox implements Subscriber {
        final List<Delivered> delivered = new ArrayList<>();

        @Override
        public void deliver(String key, String frame) {
            delivered.add(new Delivered(key, frame, List.of()));
        }

        @Override
        public void deliver(String key, String frame, Collection<String> carried) {
            delivered.add(new Delivered(key, frame, List.copyOf(carried)));
        }

        @Override
        public void offerEvent(EventSample sample, boolean errorsOnly) {
            throw new AssertionError("no events subscribed");
        }

        List<String> types() {
            return delivered.stream()
                    .map(d -> d.frame().startsWith("{") ? d.json().path("type").asText() : d.frame())
                    .toList();
        }
    }

    private static HourlyMetrics minute(String stream, Instant start, long count, long revision) {
        return new HourlyMetrics(
                stream,
                start,
                count,
                0,
                0.0,
                Map.of(),
                count / 60.0,
                Map.of(),
                null,
                null,
                0,
                revision,
                false,
                start.plusSeconds(1));
    }

    private boolean publish(String stream, Instant start, long count, long revision) {
        HourlyMetrics m = minute(stream, start, count, revision);
        return hub.onMinute(m, PulseJson.toJson(m));
    }

    private void publishHour(String stream, long revision) {
        HourlyMetrics m = metrics(stream, ten, revision, revision, false, Map.of());
        hub.onMetrics(m, StateFrames.metrics(m));
    }

    private Inbox subscribe(String glob, Set<Kind> kinds) {
        Inbox inbox = new Inbox();
        hub.subscribe(inbox, List.of(StreamGlob.compile(glob)), kinds, 10, Map.of(), "subscribed");
        return inbox;
    }

    /** "start#count@revision" of each minute of a minutes or minute frame. */
    private static List<String> minutesOf(JsonNode frame) {
        JsonNode data = frame.path("data");
        List<String> result = new ArrayList<>();
        for (JsonNode m : data.isArray() ? data : List.of(data)) {
            result.add(m.path("hour").asText() + "#" + m.path("count").asLong() + "@"
                    + m.path("revision").asLong());
        }
        return result;
    }

    @Test
    void theSnapshotIsOneFramePerStreamWithItsMinutesInOrderThenEveryNewerStateComesLive() {
        publish("a", m15, 2, 4);
        publish("a", m14, 7, 3);
        publish("b", m15, 1, 1);
        publishHour("c", 1);

        Inbox inbox = subscribe("**", EnumSet.of(Kind.MINUTES));
        assertThat(inbox.types()).containsExactly("subscribed", "minutes", "minutes");
        JsonNode a = inbox.delivered.get(1).json();
        assertThat(a.path("stream").asText()).isEqualTo("a");
        assertThat(minutesOf(a)).containsExactly(m14 + "#7@3", m15 + "#2@4");
        assertThat(a.path("data").get(0).has("first_event")).isFalse();
        assertThat(a.path("data").get(0).path("final").asBoolean(true)).isFalse();
        assertThat(minutesOf(inbox.delivered.get(2).json())).containsExactly(m15 + "#1@1");

        assertThat(publish("a", m15, 3, 5)).isTrue();
        // Stale: a revision not above the held one is not news.
        assertThat(publish("a", m15, 2, 4)).isFalse();
        assertThat(publish("a", m15, 3, 5)).isFalse();
        // Hours and alerts are not part of a minutes-only subscription.
        publishHour("a", 1);
        assertThat(inbox.types()).containsExactly("subscribed", "minutes", "minutes", "minute");
        JsonNode live = inbox.delivered.get(3).json();
        assertThat(minutesOf(live)).containsExactly(m15 + "#3@5");
        assertThat(live.path("data").path("stream").asText()).isEqualTo("a");
    }

    @Test
    void aStreamFirstSeenOnMinutesMatchesGlobsAndIsKnown() {
        Inbox inbox = subscribe("llm.*", EnumSet.of(Kind.MINUTES));
        publish("llm.a", m15, 1, 1);
        publish("web", m15, 1, 1);
        assertThat(inbox.types()).containsExactly("subscribed", "minute");
        assertThat(hub.streams()).containsExactly("llm.a", "web");
    }

    @Test
    void minutesOutsideTheLastSixtyAreNotInTheSnapshotAndAreDroppedBySweeping() {
        Instant old = Instant.parse("2026-12-02T09:14:00Z");
        assertThat(publish("a", old, 9, 1)).isFalse();
        publish("a", Instant.parse("2026-12-02T09:20:00Z"), 1, 1);
        publish("a", m15, 2, 1);
        assertThat(minutesOf(subscribe("a", EnumSet.of(Kind.MINUTES))
                        .delivered
                        .get(1)
                        .json()))
                .containsExactly("2026-12-02T09:20:00Z#1@1", m15 + "#2@1");

        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(minutesOf(subscribe("a", EnumSet.of(Kind.MINUTES))
                        .delivered
                        .get(1)
                        .json()))
                .containsExactly(m15 + "#2@1");
        assertThat(hub.dropOldMinutes()).isEqualTo(1);
        assertThat(hub.minuteCount()).isEqualTo(1);

        // A stream without a minute in the window gets no frame.
        clock.now = clock.now.plus(Duration.ofMinutes(60));
        assertThat(subscribe("a", EnumSet.of(Kind.MINUTES)).types()).containsExactly("subscribed");
        assertThat(hub.dropOldMinutes()).isEqualTo(1);
        assertThat(hub.minuteCount()).isZero();
    }

    @Test
    void theDefaultKindsGetNoMinutes() {
        publish("a", m15, 1, 1);
        publishHour("a", 1);
        Inbox inbox = subscribe("**", Kind.DEFAULT);
        publish("a", m15, 2, 2);
        assertThat(inbox.types()).containsExactly("subscribed", "metrics");
    }

    @Test
    void withMetricsAndMinutesTheHourAndTheMinuteStartingAtTheSameInstantHaveDifferentKeys() {
        Inbox inbox = subscribe("a", EnumSet.of(Kind.METRICS, Kind.MINUTES));
        publishHour("a", 1);
        publish("a", ten, 1, 1);
        publish("a", ten.plusSeconds(60), 1, 1);
        publish("a", ten, 2, 2);
        assertThat(inbox.types()).containsExactly("subscribed", "metrics", "minute", "minute", "minute");
        String hourKey = inbox.delivered.get(1).key();
        List<String> minuteKeys =
                inbox.delivered.subList(2, 5).stream().map(Delivered::key).toList();
        assertThat(minuteKeys.get(0))
                .isNotEqualTo(hourKey)
                .isNotEqualTo(minuteKeys.get(1))
                .isEqualTo(minuteKeys.get(2));

        // The snapshot of the stream carries exactly the keys of its minutes, and has a key of its own.
        Inbox again = subscribe("a", EnumSet.of(Kind.MINUTES));
        Delivered snapshot = again.delivered.get(1);
        assertThat(snapshot.carried()).containsExactly(minuteKeys.get(0), minuteKeys.get(1));
        assertThat(snapshot.key()).isNotNull().isNotIn(hourKey, minuteKeys.get(0), minuteKeys.get(1));
    }

    @Test
    void unsubscribeStopsTheMinutes() {
        Inbox inbox = subscribe("a", EnumSet.of(Kind.MINUTES));
        publish("a", m15, 1, 1);
        hub.unsubscribe(inbox, List.of("a"), "unsubscribed");
        publish("a", m15, 2, 2);
        assertThat(inbox.types()).containsExactly("subscribed", "minute", "unsubscribed");
    }
}
