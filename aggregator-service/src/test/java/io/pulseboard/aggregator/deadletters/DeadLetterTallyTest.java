package io.pulseboard.aggregator.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTallyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:30Z");

    @Test
    void aMillionMadeUpStreamsAreCountedExactlyUnderAtMostTheLimitOfStreamsAMinute() {
        DeadLetterTally tally = new DeadLetterTally();
        for (int i = 0; i < 1_000_000; i++) {
            tally.add(letter("s" + i, i, DeadLetterReason.TOO_OLD, T0));
        }
        var counts = tally.counts();
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000_000);
        assertThat(counts).hasSize(DeadLetterTally.MAX_STREAMS_PER_MINUTE + 1);
        assertThat(counts.get(new DeadLetterTally.Key(
                        Instant.parse("2026-12-02T10:00:00Z"), DeadLetterTally.OTHER, DeadLetterReason.TOO_OLD)))
                .isEqualTo(1_000_000 - DeadLetterTally.MAX_STREAMS_PER_MINUTE);
        assertThat(tally.last()).hasSize(DeadLetterTally.KEPT);
        assertThat(tally.last().get(DeadLetterTally.KEPT - 1).offset()).isEqualTo(999_999);
        tally.written(T0);
        assertThat(tally.isEmpty()).isTrue();
        // The same minute still knows its streams: a new one goes under __other__, a known one stays itself.
        tally.add(letter("new", 1, DeadLetterReason.INVALID, T0));
        tally.add(letter("s5", 2, DeadLetterReason.INVALID, T0));
        assertThat(tally.counts().keySet())
                .extracting(DeadLetterTally.Key::stream)
                .containsExactlyInAnyOrder(DeadLetterTally.OTHER, "s5");
        tally.written(T0.plus(Duration.ofMinutes(3)));
        tally.add(letter("new", 3, DeadLetterReason.INVALID, T0.plus(Duration.ofMinutes(3))));
        assertThat(tally.counts().keySet())
                .extracting(DeadLetterTally.Key::stream)
                .containsExactly("new");
    }

    @Test
    void aLetterTakesItsStreamFromTheKeyOnlyWhenItIsAStreamNameAndKeepsNoNul() {
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>(
                "pulse.events",
                2,
                7,
                "Not A Stream".getBytes(StandardCharsets.UTF_8),
                "{\"a\":\"\0\"}".getBytes(StandardCharsets.UTF_8));
        DeadLetter l = DeadLetter.of(bad, "pulse.events-2@7", DeadLetterReason.INVALID, "bad", null, T0);
        assertThat(l.stream()).isNull();
        assertThat(l.value()).doesNotContain("\0").contains("\uFFFD");
        ConsumerRecord<byte[], byte[]> keyed = new ConsumerRecord<>(
                "pulse.events",
                2,
                8,
                "checkout.api".getBytes(StandardCharsets.UTF_8),
                "x".repeat(5000).getBytes(StandardCharsets.UTF_8));
        DeadLetter k = DeadLetter.of(keyed, "pulse.events-2@8", DeadLetterReason.INVALID, "bad", null, T0);
        assertThat(k.stream()).isEqualTo("checkout.api");
        assertThat(k.value()).hasSize(DeadLetter.MAX_VALUE_CHARS);
        assertThat(k.truncated()).isTrue();
    }

    @Test
    void noticesComeAtMostOnceASecondWithWhatHappenedSince() {
        DeadLetterNotices notices = new DeadLetterNotices();
        assertThat(notices.poll(T0)).isNull();
        notices.add(letter("a", 1, DeadLetterReason.TOO_OLD, T0));
        notices.add(letter("a", 2, DeadLetterReason.INVALID, T0));
        DeadLetterNotices.Notice n = notices.poll(T0);
        assertThat(n.count()).isEqualTo(2);
        assertThat(n.byReason()).containsEntry("too_old", 1L).containsEntry("invalid", 1L);
        assertThat(n.last().offset()).isEqualTo(2);
        notices.add(letter("a", 3, DeadLetterReason.TOO_OLD, T0));
        assertThat(notices.poll(T0.plusMillis(500))).isNull();
        assertThat(notices.poll(T0.plusSeconds(1)).count()).isEqualTo(1);
    }

    private static DeadLetter letter(String stream, long offset, DeadLetterReason reason, Instant time) {
        return new DeadLetter(time, stream, reason, "why", 0, offset, "pulse.events-0@" + offset, stream, "{}", false);
    }
}
