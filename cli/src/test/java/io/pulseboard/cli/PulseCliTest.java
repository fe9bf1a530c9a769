package io.pulseboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's parsing and usage errors, in process: none of these reach Kafka. */
class PulseCliTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PulseCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void usageErrorsExitWith2AndSayWhatIsWrong() {
        assertThat(run("send")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--stream=<stream>'");
        assertThat(run("gen", "--rate", "fast")).isEqualTo(2);
        assertThat(run("pipe", "--on-error=maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("stop, skip");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("gen", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void badKafkaSettingsAreUsageErrorsThatSayWhichAndWhere() {
        // The broker address is unreachable: these must fail on the settings, not on Kafka.
        assertThat(run(
                        "send",
                        "--stream",
                        "a.b",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--timeout",
                        "1s",
                        "--kafka-property",
                        "secrity.protocol=SSL"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("'secrity.protocol' is not a setting of Kafka's producer, consumer or admin client");
        assertThat(run(
                        "send",
                        "--stream",
                        "a.b",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--timeout",
                        "1s",
                        "--kafka-property",
                        "security.protocol=SASL_TLS"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("Kafka client settings refused: ")
                .contains("SASL_TLS")
                .contains("security.protocol from --kafka-property");
        assertThat(run(
                        "dlq",
                        "export",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--timeout",
                        "1s",
                        "--kafka-config",
                        "no-such-file.properties"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--kafka-config no-such-file.properties: cannot read it");
        assertThat(run(
                        "gen",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--timeout",
                        "1s",
                        "--kafka-property",
                        "linger.ms=50"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'linger.ms' is set by --linger-ms");
    }

    @Test
    void genOptionsAreCheckedBeforeAnythingIsSent() {
        // The broker address is unreachable: these must fail on the options, not on Kafka.
        assertThat(run("gen", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s", "--error-ratio", "1.5"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--error-ratio must be between 0 and 1, got 1.5");
        assertThat(run("gen", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s", "--value", "x=weird:1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--value x: unknown distribution 'weird'");
        assertThat(run("gen", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s", "--stream", "Bad Name"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--stream 'Bad Name'");
    }

    @Test
    void dlqExportOptionsAreCheckedBeforeKafkaIsAsked() {
        assertThat(run("dlq")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand: pulse dlq export");
        assertThat(run("dlq", "export", "--since", "yesterday")).isEqualTo(2);
        assertThat(err.toString())
                .contains("'yesterday' is neither a duration (24h, 30m) nor an ISO-8601 time with offset");
        // The broker address is unreachable: these must fail on the options, not on Kafka.
        assertThat(run("dlq", "export", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s", "--stream", "a.***"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--stream: invalid stream glob \"a.***\"");
        assertThat(run("dlq", "export", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s", "--max", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max must be at least 1, got 0");
        assertThat(run("dlq", "export", "--help")).isZero();
    }

    @Test
    void sinceIsADurationAgoOrATimeWithOffset() {
        SinceConverter c = new SinceConverter();
        Instant before = Instant.now();
        Instant dayAgo = c.convert("24h");
        assertThat(dayAgo)
                .isBetween(before.minus(Duration.ofHours(24)), Instant.now().minus(Duration.ofHours(24)));
        assertThat(c.convert("2026-11-22T10:00:00+01:00")).isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
        assertThat(c.convert("2026-11-22T10:00:00.5Z")).isEqualTo(Instant.parse("2026-11-22T10:00:00.500Z"));
        assertThatThrownBy(() -> c.convert("2026-11-22T10:00:00")).hasMessageContaining("ISO-8601 time with offset");
    }

    @Test
    void generatedErrorsSayWhatWentWrong() {
        assertThat(ErrorMessages.of("timeout", Map.of("latency_ms", 812.4)))
                .isEqualTo("upstream timed out after 812 ms");
        assertThat(ErrorMessages.of("http_503", Map.of()))
                .isEqualTo("upstream answered 503 Service Unavailable; retry later");
        assertThat(ErrorMessages.of("http_418", Map.of("latency_ms", 3.0)))
                .isEqualTo("upstream answered 418 after 3 ms");
        assertThat(ErrorMessages.of("rate_limited", Map.of())).startsWith("rate limited");
        assertThat(ErrorMessages.of("db_deadlock", Map.of("tokens", 5.0))).isEqualTo("failed: db deadlock");
        for (String type : List.of("timeout", "http_500", "http_502", "http_504", "x".repeat(64))) {
            assertThat(ErrorMessages.of(type, Map.of("latency_ms", Double.MAX_VALUE)))
                    .hasSizeLessThanOrEqualTo(1024);
        }
    }

    @Test
    void helpAndCompletionWork() {
        assertThat(run("send", "--help")).isZero();
        StringWriter out = new StringWriter();
        CommandLine cli = PulseCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("generate-completion")).isZero();
        assertThat(out.toString())
                .contains("complete -F")
                .contains("pipe")
                .contains("gen")
                .contains("dlq")
                .contains("export");
    }

    @Test
    void durationsAreWrittenAsPeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(c.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> c.convert("5 minutes")).hasMessageContaining("not a duration");
    }

    @Test
    void distributionsParseAndSampleWhatTheySay() {
        SplittableRandom random = new SplittableRandom(1);
        Distribution uniform = Distribution.parse("uniform:10,20");
        assertThat(DoubleStream.generate(() -> uniform.sample(random)).limit(10_000))
                .allMatch(x -> x >= 10 && x <= 20);
        Distribution lognormal = Distribution.parse("lognormal:4.5,0.6");
        double[] samples = DoubleStream.generate(() -> lognormal.sample(random))
                .limit(20_000)
                .sorted()
                .toArray();
        assertThat(samples[10_000])
                .as("median of lognormal(4.5, 0.6) is e^4.5")
                .isCloseTo(Math.exp(4.5), withPercentage(5));
        assertThat(Distribution.parse("const:3").sample(random)).isEqualTo(3.0);
        assertThat(DoubleStream.generate(() -> Distribution.parse("exp:50").sample(random))
                        .limit(20_000)
                        .average()
                        .orElseThrow())
                .isCloseTo(50, withPercentage(5));
        assertThatThrownBy(() -> Distribution.parse("weird:1")).hasMessageContaining("unknown distribution 'weird'");
        assertThatThrownBy(() -> Distribution.parse("normal:1")).hasMessageContaining("normal takes 2 numbers");
        assertThatThrownBy(() -> Distribution.parse("uniform:a,b")).hasMessageContaining("not a number");
    }
}
