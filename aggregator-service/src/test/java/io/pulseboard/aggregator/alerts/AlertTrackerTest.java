package io.pulseboard.aggregator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.model.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    /** Drives a tracker second by second; records every change. */
    private static final class Run {
        final AlertTracker tracker;
        final Duration forDuration;
        final Duration keep;
        final List<String> changes = new ArrayList<>();
        int ids;
        int second;

        Run(AlertTracker tracker, Duration forDuration, Duration keep) {
            this.tracker = tracker;
            this.forDuration = forDuration;
            this.keep = keep;
        }

        Run(Duration forDuration, Duration keep) {
            this(new AlertTracker(), forDuration, keep);
        }

        /** One evaluation per second; {@code clear} is what the resolve expression says when the condition is false. */
        AlertState step(boolean condition, boolean clear) {
            Instant now = T0.plusSeconds(second++);
            AlertState s = tracker.step(condition, !condition && clear, forDuration, keep, now, () -> "a" + (++ids));
            if (s != null) {
                changes.add(s.jsonName() + "@" + (second - 1) + ":" + tracker.alertId());
            }
            return s;
        }

        AlertState step(boolean condition) {
            return step(condition, true);
        }
    }

    @Test
    void pendingForTheForDurationThenFiringThenResolved() {
        Run r = new Run(Duration.ofSeconds(3), Duration.ZERO);
        r.step(false);
        r.step(true);
        r.step(true);
        r.step(true);
        r.step(true);
        r.step(true);
        r.step(false);
        assertThat(r.changes).containsExactly("pending@1:a1", "firing@4:a1", "resolved@6:a1");
        assertThat(r.tracker.pendingAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(r.tracker.firingAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(r.tracker.live()).isFalse();
    }

    @Test
    void pendingThatClearsBeforeForEndsInactiveAndTheNextIsANewAlert() {
        Run r = new Run(Duration.ofSeconds(5), Duration.ZERO);
        r.step(true);
        r.step(true);
        r.step(false);
        r.step(true);
        assertThat(r.changes).containsExactly("pending@0:a1", "inactive@2:a1", "pending@3:a2");
    }

    @Test
    void zeroForFiresAtOnce() {
        Run r = new Run(Duration.ZERO, Duration.ZERO);
        assertThat(r.step(true)).isEqualTo(AlertState.FIRING);
        assertThat(r.tracker.pendingAt()).isEqualTo(r.tracker.firingAt());
    }

    @Test
    void keepFiringForHoldsTheAlertUntilClearLongEnough() {
        Run r = new Run(Duration.ZERO, Duration.ofSeconds(3));
        r.step(true); // 0 firing
        r.step(false); // 1 clear since 1
        r.step(false); // 2
        r.step(true); // 3 not clear: the wait starts over
        r.step(false); // 4 clear since 4
        r.step(false); // 5
        r.step(false); // 6
        r.step(false); // 7: 3 s clear
        assertThat(r.changes).containsExactly("firing@0:a1", "resolved@7:a1");
    }

    @Test
    void hysteresisNeedsTheResolveExpressionToo() {
        Run r = new Run(Duration.ZERO, Duration.ZERO);
        r.step(true); // firing
        r.step(false, false); // below the threshold, not yet below the resolve threshold
        r.step(false, false);
        assertThat(r.tracker.state()).isEqualTo(AlertState.FIRING);
        r.step(false, true);
        assertThat(r.changes).containsExactly("firing@0:a1", "resolved@3:a1");
    }

    @Test
    void hysteresisAndKeepFiringForTogether() {
        Run r = new Run(Duration.ZERO, Duration.ofSeconds(2));
        r.step(true); // 0 firing
        r.step(false, true); // 1 clear since 1
        r.step(false, false); // 2 hovering between the thresholds: not clear
        r.step(false, true); // 3 clear since 3
        r.step(false, true); // 4
        r.step(false, true); // 5 2 s clear
        assertThat(r.changes).containsExactly("firing@0:a1", "resolved@5:a1");
    }

    @Test
    void flappingInputNeitherFiresWithForNorResolvesWithKeepFiringFor() {
        Run pending = new Run(Duration.ofSeconds(3), Duration.ZERO);
        for (int i = 0; i < 20; i++) {
            pending.step(i % 2 == 0);
        }
        assertThat(pending.changes).noneMatch(c -> c.startsWith("firing"));
        assertThat(pending.changes).hasSize(20); // pending, inactive, pending, ...: each a short-lived alert

        Run firing = new Run(Duration.ZERO, Duration.ofSeconds(3));
        for (int i = 0; i < 20; i++) {
            firing.step(i % 3 == 0); // true, then false twice: never clear for 3 s
        }
        assertThat(firing.changes).containsExactly("firing@0:a1");
    }

    @Test
    void randomInputFollowsTheDefinitionOfTheStates() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int forS = random.nextInt(4);
            int keepS = random.nextInt(4);
            Run r = new Run(Duration.ofSeconds(forS), Duration.ofSeconds(keepS));
            List<Boolean> conditions = new ArrayList<>();
            List<Boolean> clears = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                boolean c = random.nextInt(3) > 0 == (i / 15 % 2 == 0);
                boolean clear = random.nextBoolean();
                conditions.add(c);
                clears.add(!c && clear);
                AlertState before = r.tracker.state();
                r.step(c, clear);
                AlertState after = r.tracker.state();
                // Firing needs the condition true for the last `for` seconds (every second of them).
                if (before != AlertState.FIRING && after == AlertState.FIRING) {
                    for (int k = Math.max(0, i - forS); k <= i; k++) {
                        assertThat(conditions.get(k)).isTrue();
                    }
                }
                // Resolving needs it clear for the last `keep_firing_for` seconds.
                if (before == AlertState.FIRING && after == AlertState.RESOLVED) {
                    for (int k = Math.max(0, i - keepS); k <= i; k++) {
                        assertThat(clears.get(k)).isTrue();
                    }
                }
                if (before == AlertState.FIRING && after == AlertState.FIRING && clears.get(i)) {
                    assertThat(i - keepS)
                            .as("still firing only while clear for less than keep_firing_for")
                            .isLessThan(lastNotClear(clears, i) + 1);
                }
            }
        }
    }

    private static int lastNotClear(List<Boolean> clears, int i) {
        for (int k = i; k >= 0; k--) {
            if (!clears.get(k)) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void restoredAlertsContinueWithoutFiringAgain() {
        AlertTracker restored = AlertTracker.restore("a7", AlertState.FIRING, T0.minusSeconds(60), T0.minusSeconds(30));
        Run r = new Run(restored, Duration.ofSeconds(10), Duration.ZERO);
        r.step(true);
        r.step(true);
        r.step(false);
        assertThat(r.changes).containsExactly("resolved@2:a7");

        AlertTracker pending = AlertTracker.restore("a8", AlertState.PENDING, T0.minusSeconds(10), null);
        Run p = new Run(pending, Duration.ofSeconds(10), Duration.ZERO);
        p.step(true);
        assertThat(p.changes).containsExactly("firing@0:a8");

        assertThatThrownBy(() -> AlertTracker.restore("x", AlertState.RESOLVED, T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endingClosesWhatIsLive() {
        Run r = new Run(Duration.ofSeconds(5), Duration.ZERO);
        assertThat(r.tracker.end()).isNull();
        r.step(true);
        assertThat(r.tracker.end()).isEqualTo(AlertState.INACTIVE);
        Run f = new Run(Duration.ZERO, Duration.ofMinutes(5));
        f.step(true);
        assertThat(f.tracker.end()).isEqualTo(AlertState.RESOLVED);
    }
}
