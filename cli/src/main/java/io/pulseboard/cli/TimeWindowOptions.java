package io.pulseboard.cli;

import io.pulseboard.model.validation.EventParser;
import io.pulseboard.model.validation.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The event times {@code send} and {@code pipe} accept: those the aggregator counts, so that an event
 * sent is never dead-lettered for its time (design.md, "Event").
 */
final class TimeWindowOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--max-lateness",
            defaultValue = "7d",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Refuse events older than this, as the aggregator does (its pulse.aggregator.max-lateness; default: ${DEFAULT-VALUE}).")
    Duration maxLateness;

    @Option(
            names = "--max-future-skew",
            defaultValue = "5m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Refuse events more than this ahead of now, as the aggregator does (its pulse.aggregator.max-future-skew; default: ${DEFAULT-VALUE}).")
    Duration maxFutureSkew;

    /** A parser that refuses times outside the window; a window that cannot be is a usage error (exit code 2). */
    EventParser parser() {
        try {
            return new EventParser(Clock.systemUTC(), new TimeWindow(maxFutureSkew, maxLateness));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--max-lateness, --max-future-skew: " + e.getMessage());
        }
    }
}
