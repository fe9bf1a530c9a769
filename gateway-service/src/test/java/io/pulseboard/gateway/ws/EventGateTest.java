package io.pulseboard.gateway.ws;

import static io.pulseboard.gateway.ws.EventGate.Verdict.NOT_FOLLOWED;
import static io.pulseboard.gateway.ws.EventGate.Verdict.QUEUE_FULL;
import static io.pulseboard.gateway.ws.EventGate.Verdict.RATE_LIMITED;
import static io.pulseboard.gateway.ws.EventGate.Verdict.SEND;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.gateway.routing.EventSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One connection's gate: which samples become frames, and what each frame's {@code skipped} says. */
class EventGateTest {

    private static final long MS = 1_000_000L;

    private long now = 1_000 * MS;
    private final EventGate gate = new EventGate(20, () -> now);

    private static EventSample sample(boolean error, long skipped, long skippedErrors) {
        return new EventSample("a", error, skipped, skippedErrors, "{}");
    }

    /** Offers a sample and returns the frame's skipped, or the verdict when it is not sent. */
    private Object offer(EventSample sample, boolean errorsOnly, boolean room) {
        EventGate.Verdict verdict = gate.offer(sample, errorsOnly, room);
        return verdict == SEND ? (Object) gate.takeSkipped() : verdict;
    }

    @Test
    void aBurstGetsTheUpperHalfThenAnErrorCarriesEverythingLeftOut() {
        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            outcomes.add(offer(sample(false, 2, 0), false, true));
        }
        // The first frame carries the aggregator's count; each next one that, plus nothing this gate left out.
        assertThat(outcomes.subList(0, 10)).containsOnly(2L);
        assertThat(outcomes.subList(10, 30)).containsOnly(RATE_LIMITED);
        // 20 samples not sent, and the 2 the aggregator left out before each of them and before this one.
        assertThat(offer(sample(true, 2, 1), false, true)).isEqualTo(20L + 21 * 2);
    }

    @Test
    void errorsOnlyCountsTheErrorsLeftOutAlsoBeforeOtherSamples() {
        assertThat(offer(sample(false, 9, 3), true, true)).isEqualTo(NOT_FOLLOWED);
        assertThat(offer(sample(false, 1, 1), true, true)).isEqualTo(NOT_FOLLOWED);
        assertThat(offer(sample(true, 4, 0), true, true)).isEqualTo(4L);
        assertThat(offer(sample(true, 0, 0), true, true)).isEqualTo(0L);
    }

    @Test
    void aFullQueueSkipsAndCountsWithoutTakingATokenAndNotFollowedTakesNone() {
        for (int i = 0; i < 50; i++) {
            assertThat(offer(sample(true, 0, 0), false, false)).isEqualTo(QUEUE_FULL);
            assertThat(offer(sample(false, 0, 0), true, true)).isEqualTo(NOT_FOLLOWED);
        }
        // The bucket is still full: twenty errors go, the first with the fifty the queue left out.
        assertThat(offer(sample(true, 0, 0), false, true)).isEqualTo(50L);
        for (int i = 1; i < 20; i++) {
            assertThat(offer(sample(true, 0, 0), false, true)).isEqualTo(0L);
        }
        assertThat(offer(sample(true, 0, 0), false, true)).isEqualTo(RATE_LIMITED);
    }

    @Test
    void overTimeEveryErrorGoesOutAndEveryEventIsSentOrCountedExactlyOnce() {
        // 10 s at 1,000 samples a second, one in 200 an error (5 a second), each with the aggregator's counts.
        long offered = 0;
        long frames = 0;
        long skipped = 0;
        long errorsSent = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean error = i % 200 == 199;
            EventSample s = sample(error, 3, 1);
            offered += 1 + s.skipped();
            if (gate.offer(s, false, true) == SEND) {
                frames++;
                skipped += gate.takeSkipped();
                errorsSent += error ? 1 : 0;
            }
            now += MS;
        }
        // The last sample is an error, and errors always go: what it carries closes the count.
        assertThat(errorsSent).isEqualTo(50);
        assertThat(frames + skipped).isEqualTo(offered);
        assertThat(frames).isLessThanOrEqualTo(20 + 20 * 10);
    }
}
