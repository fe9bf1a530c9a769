package io.pulseboard.cli;

import io.pulseboard.model.validation.BatchReader;
import io.pulseboard.model.validation.BatchReader.BatchItem;
import io.pulseboard.model.validation.EventParser;
import io.pulseboard.model.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pulse pipe}: NDJSON events from files or standard input, line by line, in constant memory. Lines of a
 * dead-letter export ({@code pulse dlq export}) are read as the events they carry, so fixed dead letters can be
 * sent again.
 */
@Command(
        name = "pipe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send NDJSON events (one JSON object per line) from files or standard input.",
            "Each line is validated; a bad line is reported on standard error as FILE:LINE: FIELD: REASON.",
            "Blank lines are skipped. A line of 'pulse dlq export' is read as the event",
            "it carries (its problems under event.), so fixed dead letters can be sent again."
        },
        footer = {
            "",
            "Examples:",
            "  pulse pipe events.ndjson",
            "  pulse dlq export --since 2h --output dlq.ndjson   # fix the lines, then:",
            "  pulse pipe dlq.ndjson",
            "  tail -F app.log | jq -c '{stream: .service, status: .level}' | pulse pipe --on-error=skip"
        })
final class PipeCommand extends ProducerCommand {

    enum OnError {
        stop,
        skip
    }

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "NDJSON files; none or '-' reads standard input.")
    List<Path> files = List.of();

    @Option(
            names = "--on-error",
            defaultValue = "stop",
            paramLabel = "stop|skip",
            description =
                    "At a bad line: stop (send nothing after it) or skip it and go on (default: ${DEFAULT-VALUE}). "
                            + "Either way the exit code is 1 when a line was rejected.")
    OnError onError;

    @Mixin
    TimeWindowOptions times;

    private EventParser parser;

    @Override
    void prepare() {
        parser = times.parser();
    }

    @Override
    int produce(EventSender sender, RunReport report, ShutdownGuard guard) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<Path> inputs = files.isEmpty() ? List.of(Path.of("-")) : files;
        try {
            for (Path file : inputs) {
                String name = file.toString().equals("-") ? "<stdin>" : file.toString();
                try (InputStream in = file.toString().equals("-") ? System.in : Files.newInputStream(file)) {
                    BatchReader.readNdjsonWithDeadLetters(
                            in, parser, item -> take(item, name, sender, report, guard, err));
                } catch (NoSuchFileException e) {
                    err.println("pulse pipe: " + name + ": no such file");
                    report.rejected();
                    if (onError == OnError.stop) {
                        return ExitCode.REJECTED;
                    }
                }
            }
        } catch (Stop stop) {
            if (stop.reason != null) {
                err.println("pulse pipe: stopped at " + stop.reason
                        + "; nothing after it was sent (--on-error=skip goes on)");
            }
        }
        return report.rejectedCount() > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }

    private void take(
            BatchItem item, String file, EventSender sender, RunReport report, ShutdownGuard guard, PrintWriter err) {
        if (guard.stopRequested()) {
            throw new Stop(null);
        }
        if (item.result().valid()) {
            sender.send(item.result().event());
            return;
        }
        report.rejected();
        for (Violation v : item.result().violations()) {
            err.println(file + ":" + item.line() + ": " + v);
        }
        if (onError == OnError.stop) {
            throw new Stop(file + ":" + item.line());
        }
    }

    /** Ends the reading early: at a bad line with --on-error=stop, or on Ctrl-C (no reason). */
    private static final class Stop extends RuntimeException {
        final String reason;

        Stop(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
