package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.gateway.routing.EventSample;
import org.junit.jupiter.api.Test;

/** What a frame's {@code skipped} counts: the aggregator's and this connection's, since its previous frame. */
class SkippedEventsTest {

    private static EventSample sample(boolean error, long skipped, long skippedErrors) {
        return new EventSample("a", error, skipped, skippedErrors, "{}");
    }

    @Test
    void eventsCountEverythingLeftOutAndErrorsOnlyTheErrors() {
        SkippedEvents events = new SkippedEvents();
        SkippedEvents errors = new SkippedEvents();
        for (EventSample s : new EventSample[] {sample(false, 7, 2), sample(true, 3, 0), sample(false, 5, 5)}) {
            events.leftOutBefore(s, false);
            errors.leftOutBefore(s, true);
        }
        assertThat(events.takeForFrame()).isEqualTo(15);
        assertThat(errors.takeForFrame()).isEqualTo(7);
    }

    @Test
    void eachFrameCountsSinceThePreviousOneWithWhatThisConnectionLeftOut() {
        SkippedEvents skipped = new SkippedEvents();
        skipped.leftOutBefore(sample(false, 4, 0), false);
        skipped.notSent();
        skipped.notSent();
        assertThat(skipped.takeForFrame()).isEqualTo(6);
        assertThat(skipped.takeForFrame()).isZero();
        skipped.notSent();
        assertThat(skipped.takeForFrame()).isEqualTo(1);
    }

    @Test
    void hugeCountsFromTheTopicSaturateInsteadOfWrapping() {
        SkippedEvents skipped = new SkippedEvents();
        skipped.leftOutBefore(sample(false, Long.MAX_VALUE - 1, 0), false);
        skipped.notSent();
        skipped.notSent();
        assertThat(skipped.takeForFrame()).isEqualTo(Long.MAX_VALUE);
    }
}
