package io.pulseboard.infra.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.infra.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack launcher's command line: what it starts, with which settings, and its refusals. */
class StackMainRequestTest {

    @Test
    void servicesRunTheRepositoryJarsOnTheirPortsAndTheGatewayFindsTheAggregator() {
        StackMain.Request r = StackMain.Request.parse(
                "--stack-file",
                "s.json",
                "--data-dir",
                "d",
                "--root",
                "/repo",
                "--service",
                "ingest=8081",
                "--service",
                "aggregator=8082",
                "--service",
                "gateway=8080",
                "--set",
                "aggregator:pulse.aggregator.persist-interval=1s");
        r.environment = Map.of();

        List<ServiceSpec> specs = r.services();

        assertThat(specs).extracting(ServiceSpec::name).containsExactly("ingest", "aggregator", "gateway");
        assertThat(specs).extracting(ServiceSpec::port).containsExactly(8081, 8082, 8080);
        assertThat(specs.get(0).jar()).isEqualTo(Path.of("/repo/ingest-service/target/quarkus-app/quarkus-run.jar"));
        assertThat(specs.get(1).config()).containsEntry("pulse.aggregator.persist-interval", "1s");
        assertThat(specs.get(2).config()).containsEntry("pulse.gateway.aggregator.url", "http://127.0.0.1:8082");
        assertThat(specs).allSatisfy(s -> assertThat(s.jvmOptions()).isEqualTo(ServiceSpec.DEFAULT_JVM_OPTIONS));
        assertThat(r.logs).isEqualTo(Path.of("d", "logs"));
    }

    @Test
    void anAggregatorOnAFreePortIsGivenOneBeforeTheGatewayIsToldIt() {
        StackMain.Request r = StackMain.Request.parse(
                "--stack-file", "s.json", "--data-dir", "d", "--service", "aggregator", "--service", "gateway");
        List<ServiceSpec> specs = r.services();

        assertThat(specs.get(0).port()).isPositive();
        assertThat(specs.get(1).config())
                .containsEntry(
                        "pulse.gateway.aggregator.url",
                        "http://127.0.0.1:" + specs.get(0).port());
    }

    @Test
    void jvmOptionsComeFromTheOptionThenTheEnvironmentThenTheDefault() {
        StackMain.Request r = StackMain.Request.parse(
                "--stack-file",
                "s.json",
                "--infra-from",
                "other.json",
                "--service",
                "ingest",
                "--service",
                "aggregator",
                "--service",
                "gateway",
                "--java-opts",
                "ingest=-Xmx128m  -XX:+UseSerialGC",
                "--jar",
                "gateway=/tmp/g.jar");
        r.environment = Map.of("PULSE_AGGREGATOR_JAVA_OPTS", "-Xmx2g", "PULSE_INGEST_JAVA_OPTS", "-Xmx1g");

        List<ServiceSpec> specs = r.services();

        assertThat(specs.get(0).jvmOptions()).containsExactly("-Xmx128m", "-XX:+UseSerialGC");
        assertThat(specs.get(1).jvmOptions()).containsExactly("-Xmx2g");
        assertThat(specs.get(2).jvmOptions()).isEqualTo(ServiceSpec.DEFAULT_JVM_OPTIONS);
        assertThat(specs.get(2).jar()).isEqualTo(Path.of("/tmp/g.jar"));
        assertThat(r.logs)
                .as("beside the stack file")
                .isEqualTo(Path.of("s.json").toAbsolutePath().getParent());
    }

    @Test
    void mistakesAreRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> StackMain.Request.parse("--data-dir", "d")).hasMessage("--stack-file is required");
        assertThatThrownBy(() -> StackMain.Request.parse("--stack-file", "s", "--data-dir", "d", "--infra-from", "o"))
                .hasMessageContaining("either --data-dir")
                .hasMessageContaining("or --infra-from");
        assertThatThrownBy(
                        () -> StackMain.Request.parse("--stack-file", "s", "--infra-from", "o", "--kafka-port", "9092"))
                .hasMessageContaining("--infra-from uses another stack's infrastructure");
        assertThatThrownBy(() ->
                        StackMain.Request.parse("--stack-file", "s", "--data-dir", "d", "--service", "ingest=eighty"))
                .hasMessage("--service: not a whole number: 'eighty'");
        assertThatThrownBy(() -> StackMain.Request.parse("--stack-file", "s", "--data-dir", "d", "--service", "Ingest"))
                .hasMessageContaining("a service name is lower-case")
                .hasMessageContaining("'Ingest'");
        assertThatThrownBy(
                        () -> StackMain.Request.parse("--stack-file", "s", "--data-dir", "d", "--set", "gateway:a=b"))
                .hasMessage("'gateway' is configured but not started (add --service gateway)");
        assertThatThrownBy(() -> StackMain.Request.parse(
                        "--stack-file", "s", "--data-dir", "d", "--service", "ingest", "--set", "ingest:novalue"))
                .hasMessage("--set novalue: expected LEFT=RIGHT");
        assertThatThrownBy(() -> StackMain.Request.parse("--stack-file", "s", "--data-dir", "d", "--bogus"))
                .hasMessage("unknown argument: --bogus");
        assertThatThrownBy(() -> StackMain.Request.parse("--stack-file")).hasMessage("missing value for --stack-file");
    }

    @Test
    void helpIsNoRequest() {
        assertThat(StackMain.Request.parse("--help")).isNull();
    }
}
