package io.pulseboard.aggregator.aggregation.bench;

import io.pulseboard.aggregator.aggregation.Outcome;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Events per second through {@link PartitionState#apply}: realistic events (100 streams, the
 * current hour, three values, 1 % errors) into one partition. The score is events/s.
 *
 * <p>Run (from the repository root; JMH options such as {@code -f 1 -wi 3 -i 5} may follow the
 * class name):
 *
 * <pre>
 * ./mvnw -q -o -pl aggregator-service test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath io.pulseboard.aggregator.aggregation.bench.PartitionStateBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PartitionStateBenchmark {

    private static final int EVENTS = 1 << 20;
    private static final int MASK = EVENTS - 1;
    private static final int BATCH = 10_000;
    private static final String[] ERROR_TYPES = {"timeout", "http_500", "rate_limited"};

    private Event[] events;
    private Instant now;
    private PartitionState state;
    private int cursor;

    @Setup(Level.Trial)
    public void makeEvents() {
        SplittableRandom random = new SplittableRandom(20261122);
        Instant hour = Instant.parse("2026-11-22T10:00:00Z");
        now = hour.plusSeconds(3599);
        String[] streams = new String[100];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = "service-" + i + ".api";
        }
        events = new Event[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            // in order of time through the hour, as a live partition sees them
            Instant time = hour.plusNanos((long) i * 3_599_000_000_000L / EVENTS + random.nextLong(1_000_000));
            boolean error = random.nextInt(100) == 0;
            Map<String, Double> values = new LinkedHashMap<>();
            double u = 1 - random.nextDouble();
            double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            values.put("latency_ms", Math.round(Math.exp(4.5 + 0.8 * gaussian) * 10) / 10.0);
            values.put("tokens", (double) random.nextInt(1, 4096));
            values.put("cost_usd", random.nextInt(1, 5000) / 1e6);
            events[i] = new Event(
                    streams[random.nextInt(streams.length)],
                    time,
                    error ? Status.ERROR : Status.OK,
                    error ? ERROR_TYPES[random.nextInt(ERROR_TYPES.length)] : null,
                    values,
                    Map.of("region", "eu-west"),
                    "producer-" + random.nextInt(8),
                    null);
        }
    }

    @Setup(Level.Iteration)
    public void newPartition() {
        state = new PartitionState();
        cursor = 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void apply(Blackhole blackhole) {
        Event[] all = events;
        PartitionState s = state;
        Instant clock = now;
        int c = cursor;
        for (int i = 0; i < BATCH; i++) {
            Outcome o = s.apply(all[c++ & MASK], clock);
            blackhole.consume(o);
        }
        cursor = c;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        new Runner(new OptionsBuilder()
                        .parent(cli)
                        .include(PartitionStateBenchmark.class.getName())
                        .build())
                .run();
    }
}
