package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The event limit's token bucket, on a clock the test moves. */
class EventBucketTest {

    private static final long MS = 1_000_000L;

    /** A clock in nanoseconds that moves only when told. */
    private static final class TestClock {
        long now = 5_000 * MS;

        void advance(long nanos) {
            now += nanos;
        }
    }

    private final TestClock clock = new TestClock();

    private int take(EventBucket bucket, boolean error, int times) {
        int taken = 0;
        for (int i = 0; i < times; i++) {
            if (bucket.tryTake(error)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aFullBucketGivesErrorsEveryTokenAndOtherEventsTheUpperHalf() {
        EventBucket errorsOnly = new EventBucket(20, () -> clock.now);
        assertThat(take(errorsOnly, true, 25)).isEqualTo(20);

        EventBucket mixed = new EventBucket(20, () -> clock.now);
        assertThat(take(mixed, false, 25)).isEqualTo(10);
        // What other events leave is the errors'.
        assertThat(take(mixed, true, 25)).isEqualTo(10);
        assertThat(mixed.tryTake(false)).isFalse();
    }

    @Test
    void tokensComeBackAtTheRateUpToTheSize() {
        EventBucket bucket = new EventBucket(20, () -> clock.now);
        assertThat(take(bucket, true, 20)).isEqualTo(20);
        clock.advance(49 * MS);
        assertThat(bucket.tryTake(true)).isFalse();
        clock.advance(MS);
        assertThat(bucket.tryTake(true)).isTrue();
        assertThat(bucket.tryTake(true)).isFalse();
        // Other events wait until the lower half is back for the errors: 11 tokens, 550 ms.
        clock.advance(500 * MS);
        assertThat(bucket.tryTake(false)).isFalse();
        clock.advance(50 * MS);
        assertThat(bucket.tryTake(false)).isTrue();
        assertThat(bucket.tryTake(false)).isFalse();
        // A long pause fills it to its size, not beyond.
        clock.advance(3_600_000 * MS);
        assertThat(take(bucket, true, 100)).isEqualTo(20);
    }

    @Test
    void overAnyWindowAtMostTheSizePlusTheRateTimesItsLengthGoOut() {
        EventBucket bucket = new EventBucket(20, () -> clock.now);
        // 10 s of events every millisecond, one in ten an error.
        int errors = 0;
        int others = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            boolean error = ms % 10 == 0;
            if (bucket.tryTake(error)) {
                if (error) {
                    errors++;
                } else {
                    others++;
                }
            }
            clock.advance(MS);
        }
        assertThat(errors + others).isLessThanOrEqualTo(20 + 20 * 10);
        // The errors (100 a second) take what comes back before the others can: they reach the upper half only at the
        // start.
        assertThat(others).isBetween(1, 10);
        assertThat(errors).isGreaterThanOrEqualTo(20 * 10);
    }

    @Test
    void errorsFirstLeavesOtherEventsWhatErrorsDoNotNeed() {
        EventBucket bucket = new EventBucket(20, () -> clock.now);
        // 10 s: 5 errors a second, and other events every millisecond.
        int errors = 0;
        int others = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            boolean error = ms % 200 == 0;
            if (bucket.tryTake(error)) {
                if (error) {
                    errors++;
                } else {
                    others++;
                }
            }
            clock.advance(MS);
        }
        assertThat(errors).isEqualTo(50);
        assertThat(errors + others).isLessThanOrEqualTo(20 + 20 * 10).isGreaterThanOrEqualTo(20 * 10);
    }

    @Test
    void aLimitOfOneStillSendsOtherEventsAndZeroIsRefused() {
        EventBucket one = new EventBucket(1, () -> clock.now);
        assertThat(one.tryTake(false)).isTrue();
        assertThat(one.tryTake(true)).isFalse();
        clock.advance(1_000 * MS);
        assertThat(one.tryTake(true)).isTrue();

        assertThatThrownBy(() -> new EventBucket(0, () -> clock.now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pulse.gateway.events.max-per-second is 0")
                .hasMessageContaining("at least 1");
    }
}
