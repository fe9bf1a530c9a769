package io.pulseboard.gateway.state;

import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.HourlyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinuteWindowTest {

    private final MinuteWindow window = new MinuteWindow();
    private final Instant now = Instant.parse("2026-12-02T10:15:30Z");
    private final Instant current = Instant.parse("2026-12-02T10:15:00Z");

    private static HourlyMetrics minute(String stream, Instant start, long count, long revision) {
        return metrics(stream, start, count, revision, false, Map.of());
    }

    private boolean apply(String stream, Instant start, long count, long revision, Instant at) {
        return window.apply(minute(stream, start, count, revision), stream + "@" + start + "#" + revision, at);
    }

    @Test
    void theHighestRevisionOfAMinuteWinsAndAStaleOneIsNotNews() {
        assertThat(apply("a", current, 5, 2, now)).isTrue();
        assertThat(apply("a", current, 4, 1, now)).isFalse();
        assertThat(apply("a", current, 5, 2, now)).isFalse();
        assertThat(apply("a", current.minusSeconds(60), 3, 1, now)).isTrue();
        assertThat(apply("a", current, 6, 3, now)).isTrue();
        assertThat(window.recent("a", now))
                .extracting(MinuteWindow.Minute::json)
                .containsExactly("a@" + current.minusSeconds(60) + "#1", "a@" + current + "#3");
        assertThat(window.recent("b", now)).isEmpty();
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void aMinuteThatStartedMoreThanSixtyMinutesAgoIsRefusedOnArrival() {
        Instant insideEdge = Instant.parse("2026-12-02T09:16:00Z");
        Instant outsideEdge = Instant.parse("2026-12-02T09:15:00Z");
        assertThat(apply("a", outsideEdge, 1, 1, now)).isFalse();
        assertThat(apply("a", insideEdge, 1, 1, now)).isTrue();
        // Exactly at now - 60 min is still in.
        assertThat(apply("b", outsideEdge, 1, 1, outsideEdge.plus(MinuteWindow.SPAN)))
                .isTrue();
        assertThat(window.recent("a", now)).extracting(m -> m.value().hour()).containsExactly(insideEdge);
    }

    @Test
    void theSnapshotLeavesOutMinutesThatLeftTheWindowBeforeTheSweepDropsThem() {
        Instant first = Instant.parse("2026-12-02T09:16:00Z");
        apply("a", first, 1, 1, now);
        apply("a", current, 2, 1, now);
        Instant later = first.plus(MinuteWindow.SPAN).plusSeconds(1);
        assertThat(window.recent("a", later)).extracting(m -> m.value().hour()).containsExactly(current);
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.dropOlder(later)).isEqualTo(1);
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void theSweepDropsOldMinutesForgetsEmptyStreamsAndADroppedMinuteDoesNotComeBack() {
        Instant old = Instant.parse("2026-12-02T09:20:00Z");
        apply("a", old, 1, 1, now);
        apply("a", current, 1, 1, now);
        apply("b", old, 1, 1, now);
        assertThat(window.dropOlder(now)).isZero();

        Instant later = old.plus(MinuteWindow.SPAN).plusSeconds(30);
        assertThat(window.dropOlder(later)).isEqualTo(2);
        assertThat(window.recent("a", later)).extracting(m -> m.value().hour()).containsExactly(current);
        assertThat(window.recent("b", later)).isEmpty();
        assertThat(window.size()).isEqualTo(1);
        // Even if the clock steps back, a dropped minute of a stream still held is not taken back.
        assertThat(apply("a", old, 9, 9, now)).isFalse();
    }

    @Test
    void aStreamHoldsAtMostSixtyOneMinutesAndTheOldestGoesFirst() {
        // Every minute of the window, the one at its edge, and minutes ahead of this clock (a producer's clock).
        Instant start = Instant.parse("2026-12-02T09:15:00Z");
        Instant at = start.plus(MinuteWindow.SPAN);
        for (int i = 0; i <= 65; i++) {
            assertThat(apply("a", start.plus(Duration.ofMinutes(i)), i, 1, at)).isTrue();
        }
        assertThat(window.size()).isEqualTo(MinuteWindow.MAX_PER_STREAM);
        assertThat(window.recent("a", at))
                .hasSize(MinuteWindow.MAX_PER_STREAM)
                .first()
                .extracting(m -> m.value().hour())
                .isEqualTo(start.plus(Duration.ofMinutes(5)));
        // A minute the bound dropped, or one older than every minute held, is refused.
        assertThat(apply("a", start.plus(Duration.ofMinutes(4)), 100, 2, at)).isFalse();
        assertThat(apply("a", start, 100, 2, at)).isFalse();
        // A newer state of a held minute takes no more room.
        assertThat(apply("a", start.plus(Duration.ofMinutes(30)), 100, 2, at)).isTrue();
        assertThat(window.size()).isEqualTo(MinuteWindow.MAX_PER_STREAM);
        // The bound is per stream.
        assertThat(apply("b", start, 1, 1, at)).isTrue();
        assertThat(window.size()).isEqualTo(MinuteWindow.MAX_PER_STREAM + 1);
    }

    @Test
    void aSweepOnceAMinuteKeepsAStreamWithinTheBoundWithoutDroppingAMinuteOfTheWindow() {
        // A minute every minute for three hours, swept once a minute at an odd second.
        Instant start = Instant.parse("2026-12-02T07:00:00Z");
        for (int i = 0; i < 180; i++) {
            Instant minuteStart = start.plus(Duration.ofMinutes(i));
            for (int second : new int[] {0, 17, 59}) {
                Instant at = minuteStart.plusSeconds(second);
                apply("a", minuteStart, second, second + 1, at);
                if (second == 17) {
                    window.dropOlder(at);
                }
                assertThat(window.size()).isLessThanOrEqualTo(MinuteWindow.MAX_PER_STREAM);
                // On the minute, the minute that started exactly 60 minutes ago is still in: 61.
                assertThat(window.recent("a", at)).hasSize(Math.min(i + 1, second == 0 ? 61 : 60));
            }
        }
    }
}
