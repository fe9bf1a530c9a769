package io.pulseboard.gateway.routing;

import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.validation.StreamGlob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hub's rules for metrics: never an older state to a subscriber, and a snapshot without what the client has. */
class HubTest {

    private final Hub hub = new Hub();
    private final Instant ten = Instant.parse("2026-11-22T10:00:00Z");
    private final Instant eleven = Instant.parse("2026-11-22T11:00:00Z");

    /** A subscriber that keeps every frame. */
    private static final class Inbox implements Subscriber {
        final List<String> frames = new ArrayList<>();

        @Override
        public void deliver(String key, String frame) {
            frames.add(frame);
        }

        @Override
        public void deliver(String key, String frame, Collection<String> carried) {
            frames.add(frame);
        }

        @Override
        public void offerEvent(EventSample sample, boolean errorsOnly) {
            throw new AssertionError("no events subscribed");
        }
    }

    private void publish(String stream, Instant hour, long revision, boolean isFinal) {
        HourlyMetrics m = metrics(stream, hour, revision * 10, revision, isFinal, Map.of());
        hub.onMetrics(m, frame(stream, hour, revision));
    }

    private static String frame(String stream, Instant hour, long revision) {
        return stream + "@" + hour + "#" + revision;
    }

    private Inbox subscribe(Map<String, Long> have) {
        Inbox inbox = new Inbox();
        hub.subscribe(inbox, List.of(StreamGlob.compile("**")), EnumSet.of(Kind.METRICS), 10, have, "subscribed");
        return inbox;
    }

    @Test
    void aSubscriberNeverGetsAStateOlderThanOneItWasSent() {
        Inbox inbox = subscribe(Map.of());
        publish("a", ten, 2, false);
        publish("a", ten, 1, false);
        publish("a", ten, 3, true);
        // After the final state, a replay of the hour from an older checkpoint is not sent on.
        publish("a", ten, 2, false);
        publish("a", ten, 3, true);
        assertThat(inbox.frames).containsExactly("subscribed", frame("a", ten, 2), frame("a", ten, 3));
    }

    @Test
    void theSnapshotLeavesOutTheHoursTheClientHasAtThatRevisionOrHigher() {
        publish("a", ten, 5, false);
        publish("a", eleven, 2, false);
        publish("b", eleven, 7, false);

        Inbox inbox = subscribe(Map.of("a@" + ten, 5L, "a@" + eleven, 1L, "b@" + eleven, 9L));
        assertThat(inbox.frames).containsExactly("subscribed", frame("a", eleven, 2));

        // The client is ahead of this instance on b (it came from another one): b's states up to 9 are not news to it.
        publish("b", eleven, 8, false);
        publish("b", eleven, 9, false);
        publish("b", eleven, 10, false);
        publish("a", ten, 6, false);
        assertThat(inbox.frames)
                .containsExactly("subscribed", frame("a", eleven, 2), frame("b", eleven, 10), frame("a", ten, 6));
    }

    @Test
    void withoutHaveTheSnapshotHasEveryOpenHour() {
        publish("a", ten, 5, false);
        publish("a", eleven, 2, false);
        assertThat(subscribe(Map.of()).frames).containsExactly("subscribed", frame("a", ten, 5), frame("a", eleven, 2));
    }
}
