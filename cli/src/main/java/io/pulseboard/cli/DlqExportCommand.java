package io.pulseboard.cli;

import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.DeadLetterLines;
import io.pulseboard.model.validation.StreamGlob;
import io.pulseboard.model.validation.StreamNames;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pulse dlq export}: the records of {@code pulse.events.dlq} as NDJSON lines ({@link DeadLetterLines}) that
 * {@code pulse pipe} reads back as the events they carry, so dead letters can be fixed and sent again.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write dead letters as NDJSON that 'pulse pipe' sends again once fixed.",
            "One line per record of the topic:",
            "  {\"dead_letter\": {\"reason\": R, \"source\": S, \"time\": T}, \"event\": VALUE}",
            "VALUE is the JSON the record held, or a string when it held none. Reads",
            "up to the end of the topic as it was at the start, or on with --follow."
        },
        footer = {
            "",
            "Examples:",
            "  pulse dlq export --since 2h --stream 'checkout.*' --output dlq.ndjson",
            "  pulse dlq export --follow | jq -c .dead_letter"
        })
final class DlqExportCommand implements Callable<Integer> {

    @Option(
            names = "--since",
            defaultValue = "24h",
            converter = SinceConverter.class,
            paramLabel = "DURATION|TIME",
            description = "Dead letters written this long ago (30m, 24h, 7d) or since this ISO-8601 time with offset "
                    + "(default: ${DEFAULT-VALUE}).")
    Instant since;

    @Option(
            names = "--stream",
            paramLabel = "NAME|GLOB",
            description = "Only dead letters whose record key or event stream is this stream or matches this glob "
                    + "(* within a segment, ** across dots).")
    String stream;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N dead letters.")
    Long max;

    @Option(names = "--follow", description = "Keep reading dead letters as they come, until Ctrl-C (or --max).")
    boolean follow;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to this file (default: standard output).")
    Path output;

    @Option(
            names = "--topic",
            defaultValue = Topics.EVENTS_DLQ,
            description = "Topic to read (default: ${DEFAULT-VALUE}).")
    String topic;

    @Mixin
    KafkaConnection kafka;

    @Spec
    CommandSpec spec;

    private final long startNanos = System.nanoTime();
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong leftOut = new AtomicLong();
    private final AtomicBoolean reported = new AtomicBoolean();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        StreamGlob streams = streams();
        if (max != null && max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, got " + max);
        }
        try {
            kafka.requireTopic(topic);
        } catch (BrokerUnreachableException e) {
            return brokerFailure(err, e);
        }
        OutputStream target;
        try {
            target = output == null ? System.out : Files.newOutputStream(output);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--output " + output + ": cannot write it (" + e + ")");
        }
        BufferedOutputStream lines = new BufferedOutputStream(target, 64 * 1024);
        try (DeadLetterReader reader = DeadLetterReader.open(kafka, topic, since, follow);
                ShutdownGuard guard = new ShutdownGuard(() -> report(err, true))) {
            export(reader, streams, lines, guard);
            lines.flush();
            report(err, guard.stopRequested());
            return guard.stopRequested() ? ExitCode.INTERRUPTED : ExitCode.OK;
        } catch (BrokerUnreachableException e) {
            lines.flush();
            report(err, false);
            return brokerFailure(err, e);
        } finally {
            if (output != null) { // standard output is not this command's to close
                target.close();
            }
        }
    }

    private void export(DeadLetterReader reader, StreamGlob streams, OutputStream lines, ShutdownGuard guard)
            throws BrokerUnreachableException, IOException {
        while (!guard.stopRequested() && !reader.done()) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll()) {
                if (!matches(streams, record)) {
                    leftOut.incrementAndGet();
                    continue;
                }
                lines.write(DeadLetterLines.write(
                        header(record, Topics.ERROR_HEADER),
                        header(record, Topics.SOURCE_HEADER),
                        record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null,
                        record.value()));
                lines.write('\n');
                long count = exported.incrementAndGet();
                if (max != null && count >= max) {
                    return;
                }
            }
            lines.flush(); // a follower sees each dead letter as it comes
        }
    }

    private StreamGlob streams() {
        try {
            return stream == null ? null : StreamGlob.compile(stream);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--stream: " + e.getMessage());
        }
    }

    /** Whether the record is of the streams asked for: by its key, or the stream of the event it holds. */
    private static boolean matches(StreamGlob streams, ConsumerRecord<byte[], byte[]> record) {
        if (streams == null) {
            return true;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return isOf(streams, key) || isOf(streams, streamOf(record.value()));
    }

    private static boolean isOf(StreamGlob streams, String name) {
        return name != null && StreamNames.isValid(name) && streams.matches(name);
    }

    /** The {@code stream} of the JSON object a value holds, or null. */
    private static String streamOf(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return PulseJson.mapper().readTree(value).path("stream").textValue();
        } catch (IOException e) { // no JSON: no stream
            return null;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The summary on standard error, once (the end of the run and Ctrl-C may race). */
    private void report(PrintWriter err, boolean interrupted) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        long others = leftOut.get();
        err.printf(
                "pulse dlq export: %sexported %d dead letters of %s since %s%s in %.1f s%n",
                interrupted ? "interrupted; " : "",
                exported.get(),
                topic,
                since,
                others > 0 ? " (" + others + " of other streams left out)" : "",
                (System.nanoTime() - startNanos) / 1e9);
        err.flush();
    }

    private static int brokerFailure(PrintWriter err, BrokerUnreachableException e) {
        err.println("pulse dlq export: " + e.getMessage());
        err.flush();
        return ExitCode.BROKER;
    }
}
