package io.pulseboard.aggregator.recent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feed's bound per stream and second, at 50,000 events a second into one stream. */
class SamplerTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void fiftyThousandEventsASecondGiveAtMostTheLimitsEveryErrorBelowItAndExactSkippedCounts() {
        Sampler sampler = new Sampler(10, 50, Duration.ofMinutes(1));
        List<Sampler.Sample> samples = new ArrayList<>();
        long sent = 0;
        long errors = 0;
        // 5 seconds at 50,000 events a second (one every 20 µs), one in 2,000 an error (25 a second).
        for (long i = 0; i < 250_000; i++) {
            Instant now = T0.plusNanos(i * 20_000);
            boolean error = i % 2_000 == 0;
            Sampler.Sample s = sampler.offer(event("fast", i, error, now), now);
            sent++;
            if (error) {
                errors++;
            }
            if (s != null) {
                samples.add(s);
            }
        }
        Map<Long, long[]> perSecond = new HashMap<>();
        for (Sampler.Sample s : samples) {
            long[] n = perSecond.computeIfAbsent(s.event().received().getEpochSecond(), k -> new long[2]);
            n[s.event().isError() ? 1 : 0]++;
        }
        assertThat(perSecond).hasSize(5);
        perSecond.values().forEach(n -> {
            assertThat(n[0]).isEqualTo(10);
            assertThat(n[1]).isEqualTo(25);
        });
        assertThat(samples.stream().filter(s -> s.event().isError()).count()).isEqualTo(errors);
        // Every event is either sampled or counted as skipped by a later sample, but those after the last sample.
        long last = samples.get(samples.size() - 1).event().offset();
        long accounted = samples.size()
                + samples.stream().mapToLong(Sampler.Sample::skipped).sum();
        assertThat(accounted).isEqualTo(last + 1);
        assertThat(samples.stream().mapToLong(Sampler.Sample::skippedErrors).sum())
                .isZero();
        assertThat(sent).isEqualTo(250_000);
    }

    @Test
    void errorsBeyondTheirLimitAreCountedAsSkippedErrors() {
        Sampler sampler = new Sampler(1, 2, Duration.ofMinutes(1));
        List<Sampler.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Sampler.Sample s = sampler.offer(event("s", i, true, T0), T0);
            if (s != null) {
                samples.add(s);
            }
        }
        Instant next = T0.plusSeconds(1);
        Sampler.Sample s = sampler.offer(event("s", 5, true, next), next);
        assertThat(samples).hasSize(2);
        assertThat(s.skipped()).isEqualTo(3);
        assertThat(s.skippedErrors()).isEqualTo(3);
    }

    @Test
    void eventsReceivedLongerAgoThanTheMaximumAgeAreNotLive() {
        Sampler sampler = new Sampler(10, 10, Duration.ofMinutes(1));
        Instant now = T0.plus(Duration.ofMinutes(5));
        assertThat(sampler.offer(event("s", 1, true, T0), now)).isNull();
        Sampler.Sample s = sampler.offer(event("s", 2, false, now), now);
        assertThat(s.skipped()).isZero();
    }

    @Test
    void quietStreamsAreForgotten() {
        Sampler sampler = new Sampler(1, 1, Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            sampler.offer(event("s" + i, i, false, T0), T0);
        }
        assertThat(sampler.size()).isEqualTo(100);
        sampler.sweep(T0.plusSeconds(5));
        assertThat(sampler.size()).isZero();
    }

    private static KeptEvent event(String stream, long offset, boolean error, Instant received) {
        Event e = new Event(
                stream,
                received,
                error ? Status.ERROR : Status.OK,
                error ? "timeout" : null,
                Map.of(),
                Map.of(),
                null,
                null);
        return new KeptEvent(0, offset, received, e);
    }
}
