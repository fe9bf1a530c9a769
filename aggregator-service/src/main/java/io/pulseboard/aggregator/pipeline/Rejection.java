package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.Outcome;
import io.pulseboard.aggregator.deadletters.DeadLetterReason;
import io.pulseboard.model.validation.ParsedEvent;
import io.pulseboard.model.validation.Violation;
import java.util.stream.Collectors;

/**
 * Why a record is dead-lettered instead of counted: the reason sent with it, its code, the stream
 * it names (null when it is no valid event) and whether it counts as invalid or as rejected.
 *
 * @param invalid true: not a valid event (meter {@code pulse.aggregator.events.invalid}); false: a
 *                valid event not counted ({@code pulse.aggregator.events.rejected})
 */
record Rejection(boolean invalid, String reason, DeadLetterReason code, String stream) {

    /** A record that is no valid event: its violations, and whether its key was the fault. */
    static Rejection of(ParsedEvent parsed) {
        if (parsed.valid()) {
            throw new IllegalArgumentException("a valid event is no rejection: " + parsed.event().stream());
        }
        boolean key = parsed.violations().stream().anyMatch(v -> RecordKeys.FIELD.equals(v.field()));
        String reason = parsed.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new Rejection(true, reason, key ? DeadLetterReason.RECORD_KEY : DeadLetterReason.INVALID, null);
    }

    /** A valid event that the state refused (too old, too far ahead, over a limit, invalid for its hour). */
    static Rejection of(Outcome o, String stream) {
        if (!o.isRejected()) {
            throw new IllegalArgumentException("outcome " + o.kind() + " of stream '" + stream + "' is no rejection");
        }
        DeadLetterReason code = switch (o.kind()) {
            case REJECTED_TOO_OLD -> DeadLetterReason.TOO_OLD;
            case REJECTED_TOO_FAR_IN_FUTURE -> DeadLetterReason.TOO_FAR_IN_FUTURE;
            case REJECTED_OVER_LIMIT -> DeadLetterReason.OVER_LIMIT;
            default -> DeadLetterReason.INVALID;
        };
        return new Rejection(o.kind() == Outcome.Kind.REJECTED_INVALID, o.reason(), code, stream);
    }

    /** A stream's record on another partition than the one that counts the stream. */
    static Rejection wrongPartition(String stream, int owner, int partition) {
        return new Rejection(
                false,
                "stream '" + stream + "' is counted on partition " + owner + " of pulse.events, "
                        + "and this record is on partition " + partition + ": every record of a stream must be on one "
                        + "partition (keyed by the stream, with the same partitioner in every producer)",
                DeadLetterReason.WRONG_PARTITION,
                stream);
    }
}
