package io.pulseboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.Mode;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse} processes against a broker that accepts clients only over SASL_PLAINTEXT with PLAIN, the
 * credentials given only as Kafka client settings: the services' {@code KAFKA_*} variables, a
 * {@code --kafka-config} file, {@code --kafka-property}. Without them, or with a wrong password, it gives
 * up within its timeout and says why. The test kit's reader and writer use the same settings.
 */
class PulseCliSaslTest {

    private static final InfraOptions.SaslUser USER = new InfraOptions.SaslUser("pulse", "cli-sasl-secret");

    private static PulseInfra infra;

    @TempDir
    Path dir;

    private final String run = "sasl" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void saslBroker() {
        infra = PulseInfra.start(
                InfraOptions.builder().mode(Mode.LOCAL).kafkaSasl(USER).build());
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    /** The credentials as the services take them from the environment: KAFKA_SECURITY_PROTOCOL, ... */
    private static Map<String, String> kafkaEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        infra.kafkaClientConfig()
                .forEach((name, value) ->
                        env.put("KAFKA_" + name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    @Test
    void everyWayOfGivingTheSettingsGetsEveryEventOnTheTopicExactlyOnce() throws IOException {
        Path events = dir.resolve("events.ndjson");
        Files.write(
                events,
                IntStream.range(0, 500)
                        .mapToObj(i -> "{\"stream\":\"sasl.pipe\",\"id\":\"" + run + "-pipe-" + i
                                + "\",\"values\":{\"n\":" + i + "}}")
                        .toList());
        PulseProcess.Result piped = PulseProcess.run(kafkaEnvironment(), "pipe", events.toString(), "--json");
        assertThat(piped.exitCode()).as(piped.err()).isZero();

        // A file as the services' application.properties would say it, with their kafka. prefix.
        Path config = dir.resolve("kafka.properties");
        StringBuilder file = new StringBuilder("kafka.bootstrap.servers=" + infra.kafkaBootstrapServers() + "\n");
        infra.kafkaClientConfig()
                .forEach((name, value) -> file.append("kafka.")
                        .append(name)
                        .append('=')
                        .append(value.replace("\\", "\\\\"))
                        .append('\n'));
        Files.writeString(config, file);
        PulseProcess.Result generated = PulseProcess.run(
                "gen",
                "--rate",
                "0",
                "--count",
                "300",
                "--stream",
                "sasl.gen",
                "--source",
                run + "-gen",
                "--json",
                "--kafka-config",
                config.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();

        String[] properties = infra.kafkaClientConfig().entrySet().stream()
                .flatMap(e -> List.of("--kafka-property", e.getKey() + "=" + e.getValue()).stream())
                .toArray(String[]::new);
        String[] sendArgs = concat(
                new String[] {
                    "send",
                    "--stream",
                    "sasl.send",
                    "--id",
                    run + "-send",
                    "--json",
                    "--bootstrap-servers",
                    infra.kafkaBootstrapServers()
                },
                properties);
        PulseProcess.Result sent = PulseProcess.run(sendArgs);
        assertThat(sent.exitCode()).as(sent.err()).isZero();

        assertThat(summary(piped).path("sent").asLong()).isEqualTo(500);
        assertThat(summary(generated).path("sent").asLong()).isEqualTo(300);
        assertThat(summary(sent).path("sent").asLong()).isEqualTo(1);

        List<JsonNode> published = TopicReader.readAll(infra, Topics.EVENTS).stream()
                .map(r -> PulseJson.fromJson(r.value(), JsonNode.class))
                .filter(e -> e.path("id").asText().startsWith(run + "-"))
                .toList();
        Set<String> ids = published.stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
        assertThat(published).hasSize(801);
        assertThat(ids).hasSize(801).contains(run + "-pipe-0", run + "-pipe-499", run + "-send");
        assertThat(ids.stream().filter(id -> id.startsWith(run + "-pipe-"))).hasSize(500);
        assertThat(ids.stream().filter(id -> id.startsWith(run + "-gen-"))).hasSize(300);
    }

    @Test
    void dlqExportReadsWhatTheTestKitWroteOverSasl() {
        String value = "{\"stream\":\"sasl.dlq\",\"id\":\"" + run + "-dead\"}";
        try (TopicWriter writer = new TopicWriter(infra)) {
            writer.send(Topics.EVENTS_DLQ, "sasl.dlq", value);
        }
        PulseProcess.Result exported = PulseProcess.run(kafkaEnvironment(), "dlq", "export", "--stream", "sasl.dlq");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        List<JsonNode> lines = exported.out()
                .lines()
                .map(l -> PulseJson.fromJson(l, JsonNode.class))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("event").path("id").asText()).isEqualTo(run + "-dead");
    }

    @Test
    void withoutTheCredentialsItGivesUpWithinItsTimeoutAndSaysWhatIsMissing() {
        PulseProcess.Result result = PulseProcess.run(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers()),
                "send",
                "--stream",
                "sasl.none",
                "--id",
                run + "-none",
                "--timeout",
                "3s");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.BROKER);
        assertThat(result.err())
                .contains("pulse send: cannot reach Kafka at " + infra.kafkaBootstrapServers() + " within 3.0 s")
                .contains("a broker that requires SASL or TLS needs security.protocol");
        assertThat(sentIds()).doesNotContain(run + "-none");
    }

    @Test
    void aWrongPasswordIsRefusedWithKafkasReason() {
        Map<String, String> env = kafkaEnvironment();
        env.put("KAFKA_SASL_JAAS_CONFIG", new InfraOptions.SaslUser(USER.username(), "not-the-password").jaasConfig());
        PulseProcess.Result result =
                PulseProcess.run(env, "send", "--stream", "sasl.wrong", "--id", run + "-wrong", "--timeout", "3s");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.BROKER);
        assertThat(result.err())
                .contains("pulse send: Kafka at " + infra.kafkaBootstrapServers() + " refused this client: ")
                .contains("Authentication failed");
        assertThat(sentIds()).doesNotContain(run + "-wrong");
    }

    private Set<String> sentIds() {
        return TopicReader.readAll(infra, Topics.EVENTS).stream()
                .map(ConsumerRecord::value)
                .map(v -> PulseJson.fromJson(v, JsonNode.class).path("id").asText())
                .collect(Collectors.toSet());
    }

    private static JsonNode summary(PulseProcess.Result result) {
        return PulseJson.fromJson(result.out(), JsonNode.class);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
