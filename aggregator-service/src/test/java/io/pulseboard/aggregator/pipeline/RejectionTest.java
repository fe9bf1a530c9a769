package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.Slots.H10;
import static io.pulseboard.aggregator.pipeline.Slots.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.Outcome;
import io.pulseboard.aggregator.aggregation.Outcome.Kind;
import io.pulseboard.aggregator.deadletters.DeadLetterReason;
import io.pulseboard.model.validation.ParsedEvent;
import io.pulseboard.model.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectionTest {

    private static final HourKey KEY = new HourKey("s1", H10);

    @Test
    void aRecordThatIsNoValidEventIsInvalidWithItsViolationsAndNoStream() {
        ParsedEvent parsed =
                ParsedEvent.rejected(List.of(new Violation("stream", "missing"), new Violation("time", "not a time")));
        Rejection r = Rejection.of(parsed);
        assertThat(r.invalid()).isTrue();
        assertThat(r.code()).isEqualTo(DeadLetterReason.INVALID);
        assertThat(r.reason())
                .isEqualTo(new Violation("stream", "missing") + "; " + new Violation("time", "not a time"));
        assertThat(r.stream()).isNull();
    }

    @Test
    void aRecordNotKeyedByItsStreamIsInvalidForItsKey() {
        Rejection r = Rejection.of(ParsedEvent.rejected(RecordKeys.FIELD, "the record has no key"));
        assertThat(r.invalid()).isTrue();
        assertThat(r.code()).isEqualTo(DeadLetterReason.RECORD_KEY);
        assertThat(r.reason()).contains("the record has no key");
    }

    @Test
    void aValidEventIsNoRejection() {
        assertThatThrownBy(() -> Rejection.of(ParsedEvent.accepted(ok("s1", H10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s1");
    }

    @ParameterizedTest
    @CsvSource({
        "REJECTED_TOO_OLD, TOO_OLD, false",
        "REJECTED_TOO_FAR_IN_FUTURE, TOO_FAR_IN_FUTURE, false",
        "REJECTED_OVER_LIMIT, OVER_LIMIT, false",
        "REJECTED_INVALID, INVALID, true",
    })
    void anEventTheStateRefusedIsDeadLetteredWithTheStatesReason(Kind kind, DeadLetterReason code, boolean invalid) {
        Rejection r = Rejection.of(new Outcome(kind, KEY, null, "why " + kind), "s1");
        assertThat(r).isEqualTo(new Rejection(invalid, "why " + kind, code, "s1"));
    }

    @ParameterizedTest
    @CsvSource({"COUNTED", "COUNTED_LATE", "NEEDS_CLOSED_HOUR"})
    void anOutcomeThatIsNotRefusedIsNoRejection(Kind kind) {
        assertThatThrownBy(() -> Rejection.of(new Outcome(kind, KEY, null, null), "s1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kind.name())
                .hasMessageContaining("s1");
    }

    @Test
    void aStreamOnASecondPartitionIsRejectedNamingBoth() {
        Rejection r = Rejection.wrongPartition("s1", 4, 5);
        assertThat(r.invalid()).isFalse();
        assertThat(r.code()).isEqualTo(DeadLetterReason.WRONG_PARTITION);
        assertThat(r.stream()).isEqualTo("s1");
        assertThat(r.reason()).contains("'s1' is counted on partition 4").contains("this record is on partition 5");
    }
}
