package io.pulseboard.aggregator.silences;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Alert;
import io.pulseboard.model.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A silence's state by time, and that only an active one silences. */
class SilenceStateTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-22T11:00:00Z");
    private static final Alert ALERT = SilenceMatchersTest.alert("r1", "checkout.api", Severity.WARNING, Map.of());

    @Test
    void pendingBeforeItsStartActiveUntilItsEndThenExpired() {
        Silence s = silence(null);
        assertThat(s.stateAt(START.minusMillis(1))).isEqualTo(SilenceState.PENDING);
        assertThat(s.stateAt(START)).isEqualTo(SilenceState.ACTIVE);
        assertThat(s.stateAt(END.minusMillis(1))).isEqualTo(SilenceState.ACTIVE);
        assertThat(s.stateAt(END)).as("ends_at is exclusive").isEqualTo(SilenceState.EXPIRED);
        assertThat(s.stateAt(END.plusSeconds(86_400))).isEqualTo(SilenceState.EXPIRED);
    }

    @Test
    void endedEarlyIsExpiredFromThen() {
        Instant ended = START.plusSeconds(600);
        Silence s = silence(ended);
        assertThat(s.stateAt(ended.minusMillis(1))).isEqualTo(SilenceState.ACTIVE);
        assertThat(s.stateAt(ended)).isEqualTo(SilenceState.EXPIRED);
        assertThat(silence(START.minusSeconds(60)).stateAt(START.minusSeconds(30)))
                .as("a pending silence ended before it started")
                .isEqualTo(SilenceState.EXPIRED);
    }

    @Test
    void onlyAnActiveSilenceSilences() {
        Silence s = silence(START.plusSeconds(600));
        assertThat(s.silences(ALERT, START.minusSeconds(1))).as("pending").isFalse();
        assertThat(s.silences(ALERT, START.plusSeconds(1))).as("active").isTrue();
        assertThat(s.silences(ALERT, START.plusSeconds(600))).as("ended early").isFalse();
        assertThat(silence(null).silences(ALERT, END)).as("past its end").isFalse();
        assertThat(s.at(START.plusSeconds(1)).state()).isEqualTo(SilenceState.ACTIVE);
    }

    private static Silence silence(Instant endedAt) {
        return new Silence(
                "s1",
                new SilenceMatchers(null, "checkout.*", null, Map.of()),
                START,
                END,
                "ops",
                "deploy",
                START.minusSeconds(3600),
                endedAt,
                null);
    }
}
