package io.pulseboard.cli;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.validation.StreamNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pulse gen}: synthetic events for demos and benchmarks. */
@Command(
        name = "gen",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate synthetic events: a number of streams, a rate, errors, value distributions and late data.",
            "Runs until --count or --duration is reached, or Ctrl-C."
        },
        footer = {
            "",
            "Examples:",
            "  pulse gen --streams 3 --rate 200 --duration 5m --error-ratio 0.02",
            "  pulse gen --stream checkout.api --value latency_ms=lognormal:4.5,0.6 --value tokens=uniform:100,900 --count 10000",
            "  pulse gen --rate 0 --count 2000000 --json      # as fast as Kafka takes them"
        })
final class GenCommand extends ProducerCommand {

    @Option(
            names = "--streams",
            defaultValue = "3",
            paramLabel = "N",
            description =
                    "Number of streams, named gen.1 ... gen.N (default: ${DEFAULT-VALUE}); ignored with --stream.")
    int streams;

    @Option(names = "--stream", paramLabel = "NAME", description = "A stream name to generate for; repeatable.")
    List<String> streamNames = new ArrayList<>();

    @Option(
            names = "--rate",
            defaultValue = "100",
            paramLabel = "EVENTS_PER_S",
            description = "Events per second over all streams; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Long count;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Stop after this long (30s, 5m, 2h).")
    Duration duration;

    @Option(
            names = "--error-ratio",
            defaultValue = "0.01",
            paramLabel = "RATIO",
            description = "Share of events with status error, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double errorRatio;

    @Option(
            names = "--error-type",
            paramLabel = "TYPE",
            split = ",",
            description = "Error types to pick from (default: timeout,http_500,http_503); each error gets a message "
                    + "such as 'upstream timed out after 812 ms'.")
    List<String> errorTypes = List.of("timeout", "http_500", "http_503");

    @Option(
            names = "--value",
            paramLabel = "NAME=DIST",
            description =
                    "A value and its distribution: lognormal:MU,SIGMA, normal:MEAN,SD, uniform:MIN,MAX, exp:MEAN, "
                            + "const:X; repeatable (default: latency_ms=lognormal:4.5,0.6 and bytes=uniform:200,20000).")
    Map<String, String> valueSpecs = new LinkedHashMap<>();

    @Option(
            names = "--tag",
            paramLabel = "KEY=VALUE",
            description = "A tag on every event; repeatable (default: region=local).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
            names = "--late-ratio",
            defaultValue = "0",
            paramLabel = "RATIO",
            description =
                    "Share of events with an event time in the past, up to --max-lateness (default: ${DEFAULT-VALUE}).")
    double lateRatio;

    @Option(
            names = "--max-lateness",
            defaultValue = "1h",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How far in the past late events go (default: ${DEFAULT-VALUE}).")
    Duration maxLateness;

    @Option(names = "--seed", description = "Seed for a repeatable run (same events, ids and order).")
    Long seed;

    private Plan plan;

    @Override
    void prepare() {
        plan = plan();
    }

    @Override
    int produce(EventSender sender, RunReport report, ShutdownGuard guard) throws InterruptedException {
        SplittableRandom random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
        String idPrefix = (kafka.source == null ? "gen" : kafka.source) + "-"
                + Long.toString(seed == null ? System.currentTimeMillis() : seed, 36) + "-";
        Progress progress = Progress.startIfTerminal(spec.commandLine().getErr(), sender, report);
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        double nanosPerEvent = rate > 0 ? 1e9 / rate : 0;
        try {
            if (nanosPerEvent == 0) {
                produceUnpaced(sender, guard, random, idPrefix, deadline);
                return ExitCode.OK;
            }
            for (long n = 0; (count == null || n < count) && !guard.stopRequested(); n++) {
                long due = start + (long) (n * nanosPerEvent);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (System.nanoTime() >= deadline) {
                    break;
                }
                sender.send(plan.event(random, idPrefix + n));
            }
        } finally {
            progress.stop();
        }
        return ExitCode.OK;
    }

    /** Events handed from the generating thread to the sending one at a time. */
    private static final int CHUNK = 256;
    /** Chunks that may wait for the sending thread. */
    private static final int CHUNKS_AHEAD = 4;
    /** Marks the end of the generated events. */
    private static final EventSender.Serialized[] END = new EventSender.Serialized[0];

    /**
     * {@code --rate 0}: a second thread generates and serializes the events, in order (a seed gives the
     * same run), while this one hands them to the producer. Serializing an event costs more than sending
     * it, and one thread doing both was what limited the rate (docs/benchmarks.md). An event's time is
     * taken when it is generated, at most (CHUNKS_AHEAD + 2) * CHUNK events before it is sent (a few ms).
     */
    private void produceUnpaced(
            EventSender sender, ShutdownGuard guard, SplittableRandom random, String idPrefix, long deadline)
            throws InterruptedException {
        BlockingQueue<EventSender.Serialized[]> ready = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread generator = new Thread(
                () -> {
                    try {
                        for (long n = 0; count == null || n < count; ) {
                            int size = (int) (count == null ? CHUNK : Math.min(CHUNK, count - n));
                            EventSender.Serialized[] chunk = new EventSender.Serialized[size];
                            for (int i = 0; i < size; i++, n++) {
                                chunk[i] = sender.serialize(plan.event(random, idPrefix + n));
                            }
                            if (!handOver(ready, chunk, stopped)) {
                                return;
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    } finally {
                        handOver(ready, END, stopped);
                    }
                },
                "pulse-gen");
        generator.setDaemon(true);
        generator.start();
        try {
            while (!guard.stopRequested()) {
                EventSender.Serialized[] chunk = ready.poll(100, TimeUnit.MILLISECONDS);
                if (chunk == END) {
                    break;
                }
                for (int i = 0; chunk != null && i < chunk.length; i++) {
                    if (guard.stopRequested() || System.nanoTime() >= deadline) {
                        return;
                    }
                    if (chunk[i] != null) { // null: could not be serialized, counted as failed
                        sender.send(chunk[i]);
                    }
                }
            }
        } finally {
            stopped.set(true);
            generator.interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        } else if (e instanceof Error error) {
            throw error;
        }
    }

    /** Queues a chunk for the sending thread; false once the sending thread has stopped taking them. */
    private static boolean handOver(
            BlockingQueue<EventSender.Serialized[]> ready, EventSender.Serialized[] chunk, AtomicBoolean stopped) {
        try {
            while (!stopped.get()) {
                if (ready.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Checks the options once and turns them into what each event needs. */
    private Plan plan() {
        List<String> names = new ArrayList<>(streamNames);
        if (names.isEmpty()) {
            if (streams < 1) {
                throw new ParameterException(spec.commandLine(), "--streams must be at least 1");
            }
            for (int i = 1; i <= streams; i++) {
                names.add("gen." + i);
            }
        }
        for (String name : names) {
            if (!StreamNames.isValid(name)) {
                throw new ParameterException(spec.commandLine(), "--stream '" + name + "': " + StreamNames.RULE);
            }
        }
        requireRatio("--error-ratio", errorRatio);
        requireRatio("--late-ratio", lateRatio);
        if (rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be 0 (unlimited) or more");
        }
        Map<String, Distribution> values = new LinkedHashMap<>();
        // Ordered, so that a seed draws the same numbers for the same values in every run.
        Map<String, String> specs = new LinkedHashMap<>(valueSpecs);
        if (specs.isEmpty()) {
            specs.put("latency_ms", "lognormal:4.5,0.6");
            specs.put("bytes", "uniform:200,20000");
        }
        specs.forEach((name, dist) -> {
            try {
                values.put(name, Distribution.parse(dist));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--value " + name + ": " + e.getMessage());
            }
        });
        return new Plan(
                names,
                values,
                tags.isEmpty() ? Map.of("region", "local") : new LinkedHashMap<>(tags),
                errorRatio,
                errorTypes,
                lateRatio,
                maxLateness.toMillis());
    }

    private void requireRatio(String option, double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new ParameterException(spec.commandLine(), option + " must be between 0 and 1, got " + ratio);
        }
    }

    private record Plan(
            List<String> streams,
            Map<String, Distribution> values,
            Map<String, String> tags,
            double errorRatio,
            List<String> errorTypes,
            double lateRatio,
            long maxLatenessMillis) {

        Event event(SplittableRandom random, String id) {
            String stream = streams.get(random.nextInt(streams.size()));
            long now = System.currentTimeMillis();
            long time =
                    random.nextDouble() < lateRatio ? now - 1 - random.nextLong(Math.max(1, maxLatenessMillis)) : now;
            boolean error = random.nextDouble() < errorRatio;
            Map<String, Double> sampled = new LinkedHashMap<>();
            values.forEach((name, dist) -> sampled.put(name, dist.sample(random)));
            String errorType = error ? errorTypes.get(random.nextInt(errorTypes.size())) : null;
            return new Event(
                    stream,
                    Instant.ofEpochMilli(time),
                    error ? Status.ERROR : Status.OK,
                    errorType,
                    sampled,
                    tags,
                    error ? ErrorMessages.of(errorType, sampled) : null,
                    null,
                    id);
        }
    }
}
