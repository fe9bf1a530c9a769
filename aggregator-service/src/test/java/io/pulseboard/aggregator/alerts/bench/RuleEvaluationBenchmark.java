package io.pulseboard.aggregator.alerts.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.alerts.AlertEvaluator;
import io.pulseboard.aggregator.alerts.CountingAlertRecorder;
import io.pulseboard.aggregator.config.AggregatorSettings;
import io.pulseboard.aggregator.config.Settings;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.aggregator.rules.RuleTable;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Event;
import io.pulseboard.model.Severity;
import io.pulseboard.model.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Rule evaluations per second through {@link AlertEvaluator#evaluate}, the aggregator's own path
 * ({@code RuleTable.matching}, {@code PartitionState.window}, {@code RuleCheck}, {@code
 * AlertTracker}): 1,000 rules over one partition holding 1,000 streams with events in the current
 * hour. An evaluation is one (rule, stream) pair; the score is evaluations/s.
 *
 * <ul>
 *   <li>Streams {@code svc.0} ... {@code svc.999}, each with 20 to 40 events in every minute of the
 *       hour up to the evaluation time (about 1.8 M events), values {@code latency_ms} (log-normal,
 *       median 90) and {@code bytes}, 1 % errors.
 *   <li>Rules: a quarter each of {@code error_rate > 0.1}, {@code p95(latency_ms) > 1000} (with
 *       {@code resolve: p95(latency_ms) < 800}), {@code count < 5} (absence) and {@code errors /
 *       count > 0.05 and count > 100}; windows 1, 5, 15 and 60 minutes and {@code for} none, 1m
 *       and 5m in turn. One rule in 100 is {@code p95(latency_ms) > 50} without {@code for}, which
 *       holds: those alerts fire at the first pass and stay firing. None of the others holds.
 *   <li>{@code perStream}: rule i watches {@code svc.i} (1,000 pairs per pass); {@code allStreams}:
 *       every rule's glob ({@code **}, {@code svc.*}, {@code svc.**}, {@code s*.*}) matches every
 *       stream (1,000,000 pairs per pass).
 * </ul>
 *
 * Every call is a full pass (evaluation interval 0) at the same instant, so after the first pass,
 * done in the set-up, no alert changes state: the steady state of rules that mostly do not fire.
 * State changes go to a {@link CountingAlertRecorder}, which only counts them. An invocation is
 * 1,000,000 pairs (1,000 passes, or one), counted by {@link OperationsPerInvocation}.
 *
 * <p>Run (from the repository root; JMH options such as {@code -f 1 -wi 3 -i 5 -p scenario=perStream}
 * may follow the class name):
 *
 * <pre>
 * ./mvnw -q -o -pl aggregator-service test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath io.pulseboard.aggregator.alerts.bench.RuleEvaluationBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RuleEvaluationBenchmark {

    static final int STREAMS = 1_000;
    static final int RULES = 1_000;
    static final int PAIRS_PER_INVOCATION = 1_000_000;
    private static final int PARTITION = 0;
    private static final String[] WINDOWS = {"1m", "5m", "15m", "60m"};
    private static final String[] FORS = {null, "1m", "5m"};
    private static final String[] GLOBS = {"**", "svc.*", "svc.**", "s*.*"};
    private static final String[] ERROR_TYPES = {"timeout", "http_500", "rate_limited"};

    @Param({"perStream", "allStreams"})
    public String scenario;

    private PartitionState state;
    private AlertEvaluator evaluator;
    private CountingAlertRecorder recorder;
    private Instant now;
    private int passes;
    private long changesAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        Instant hour = Instant.parse("2026-12-04T10:00:00Z");
        now = hour.plusSeconds(59 * 60 + 30);
        state = events(hour, now);
        List<CompiledRule> rules = new ArrayList<>(RULES);
        for (int i = 0; i < RULES; i++) {
            rules.add(
                    CompiledRule.compile(rule(i, scenario.equals("perStream") ? "svc." + i : GLOBS[i % GLOBS.length])));
        }
        AggregatorSettings settings = Settings.of(Map.of("pulse.alerts.evaluation-interval", "0s"));
        RuleTable table = RuleTable.of(rules, settings.rules());
        recorder = new CountingAlertRecorder();
        // No stored rows: every rule here is a minute window without offset, read from memory alone.
        evaluator = new AlertEvaluator(table, recorder, settings.alerts(), null, new SimpleMeterRegistry());

        long pairs = 0;
        for (int s = 0; s < STREAMS; s++) {
            pairs += table.matching("svc." + s).size();
        }
        long expected = scenario.equals("perStream") ? (long) STREAMS : (long) STREAMS * RULES;
        if (pairs != expected) {
            throw new IllegalStateException(scenario + ": " + pairs + " (rule, stream) pairs, not " + expected);
        }
        passes = (int) (PAIRS_PER_INVOCATION / pairs);

        evaluator.evaluate(PARTITION, state, List.of(), now); // the holding rules fire
        changesAtStart = recorder.changes();
        System.out.printf(
                "%n%s: %,d pairs a pass, %d passes an invocation; the first pass fired %,d alerts (%,d changes)%n",
                scenario, pairs, passes, recorder.changes(AlertState.FIRING), changesAtStart);
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf(
                "%n%s: %,d alert changes after the first pass (steady state: 0)%n",
                scenario, recorder.changes() - changesAtStart);
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS_PER_INVOCATION)
    public void evaluate() {
        for (int p = 0; p < passes; p++) {
            evaluator.evaluate(PARTITION, state, List.of(), now);
        }
    }

    /** Rule i of the mix (see the class comment), on this stream or glob. */
    static AlertRule rule(int i, String stream) {
        String expr;
        String resolve = null;
        String forDuration = FORS[(i / 16) % FORS.length];
        if (i % 100 == 99) {
            expr = "p95(latency_ms) > 50";
            forDuration = null;
        } else {
            switch (i % 4) {
                case 0 -> expr = "error_rate > 0.1";
                case 1 -> {
                    expr = "p95(latency_ms) > 1000";
                    resolve = "p95(latency_ms) < 800";
                }
                case 2 -> expr = "count < 5";
                default -> expr = "errors / count > 0.05 and count > 100";
            }
        }
        return new AlertRule(
                "rule-" + i,
                "rule " + i,
                stream,
                expr,
                WINDOWS[(i / 4) % WINDOWS.length],
                forDuration,
                null,
                resolve,
                Severity.values()[i % Severity.values().length],
                true,
                null,
                Map.of("team", "team-" + i % 10),
                null,
                null,
                null,
                null,
                0L);
    }

    /** The partition: every stream with 20 to 40 events in each minute from the hour's start up to {@code end}. */
    private static PartitionState events(Instant hour, Instant end) {
        SplittableRandom random = new SplittableRandom(20261204);
        PartitionState state = new PartitionState();
        Map<String, String> tags = Map.of("region", "eu-west");
        for (int minute = 0; minute < 60; minute++) {
            Instant start = hour.plusSeconds(minute * 60L);
            long spanNanos =
                    Math.min(60_000_000_000L, end.toEpochMilli() * 1_000_000 - start.toEpochMilli() * 1_000_000);
            for (int s = 0; s < STREAMS; s++) {
                String stream = "svc." + s;
                int n = random.nextInt(20, 41);
                for (int e = 0; e < n; e++) {
                    boolean error = random.nextInt(100) == 0;
                    double u = 1 - random.nextDouble();
                    double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
                    Event event = new Event(
                            stream,
                            start.plusNanos(random.nextLong(spanNanos)),
                            error ? Status.ERROR : Status.OK,
                            error ? ERROR_TYPES[random.nextInt(ERROR_TYPES.length)] : null,
                            Map.of(
                                    "latency_ms",
                                    Math.round(Math.exp(4.5 + 0.6 * gaussian) * 10) / 10.0,
                                    "bytes",
                                    (double) random.nextInt(200, 20_001)),
                            tags,
                            null,
                            null);
                    state.apply(event, end);
                }
            }
        }
        state.drainDirty();
        return state;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        new Runner(new OptionsBuilder()
                        .parent(cli)
                        .include(RuleEvaluationBenchmark.class.getName())
                        .build())
                .run();
    }
}
