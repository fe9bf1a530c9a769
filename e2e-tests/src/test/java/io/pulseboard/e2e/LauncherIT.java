package io.pulseboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.infra.launch.StackFile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./pulseboard}, as a user runs it: it starts the whole stack with
 * the sample rule and the demo, the dashboard address answers, the demo's events reach the gateway's
 * REST API, its stack file names every part as it runs, its PostgreSQL is durable, and SIGTERM (what Ctrl-C leads to) stops every process it
 * started; started again on the same data, it has the rules and the history of the run before. A
 * taken port stops it with a clear message before it starts anything.
 */
class LauncherIT {

    private static final Path ROOT = Paths.get(System.getProperty("pulse.repository.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final List<String> DEMO_STREAMS = List.of("demo.web", "demo.checkout", "demo.llm");

    private Process launcher;

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            launcher.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void startsTheStackWithTheDemoAndStopsEverythingOnSigterm() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String part : List.of("GATEWAY", "INGEST", "AGGREGATOR", "KAFKA", "POSTGRES")) {
            ports.put(part, freePort());
        }
        Path data = ROOT.resolve("e2e-tests/target/launcher-data");
        Path output = ROOT.resolve("e2e-tests/target/e2e-logs/launcher-" + System.nanoTime() + ".log");
        Files.createDirectories(output.getParent());

        launcher = start(data, ports, output, "--wipe");

        String gateway = "http://127.0.0.1:" + ports.get("GATEWAY");
        awaitOutput(output, "Pulseboard is running.");
        assertThat(Files.readString(output))
                .contains("Dashboard:   " + gateway + "/")
                .contains("Starting Kafka")
                .contains("the aggregator (port " + ports.get("AGGREGATOR") + ")")
                .contains("Logs:        " + data.resolve("logs"));
        List<ProcessHandle> started = launcher.descendants().toList();
        assertThat(started).hasSizeGreaterThanOrEqualTo(8); // the stack launcher, Kafka, 3 services, 3 producers

        // The stack file: what scripts read with jq, here with Jackson.
        Path stackFile = data.resolve("stack.json");
        StackFile stack = StackFile.read(stackFile);
        assertThat(stack.kafka().bootstrapServers()).isEqualTo("127.0.0.1:" + ports.get("KAFKA"));
        assertThat(stack.postgres().jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + ports.get("POSTGRES") + "/pulse");
        assertThat(stack.services()).containsOnlyKeys("ingest", "aggregator", "gateway");
        List<Long> startedPids = started.stream().map(ProcessHandle::pid).toList();
        assertThat(startedPids).contains(stack.pid());
        for (String service : List.of("ingest", "aggregator", "gateway")) {
            StackFile.Service entry = stack.services().get(service);
            assertThat(entry.url()).isEqualTo("http://127.0.0.1:" + ports.get(service.toUpperCase(Locale.ROOT)));
            assertThat(startedPids).as(service + "'s pid").contains(entry.pid());
            assertThat(Path.of(entry.log()))
                    .isEqualTo(data.resolve("logs").resolve(service + ".log"))
                    .isRegularFile();
            given().get(entry.url() + "/q/health/ready").then().statusCode(200);
        }

        given().get(gateway + "/").then().statusCode(200);
        given().get(gateway + "/api/rules")
                .then()
                .statusCode(200)
                .body("find { it.name == 'demo: checkout p95 latency' }.stream", equalTo("demo.checkout"));
        Map<String, Integer> counts = awaitDemoStreams(gateway);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(durabilitySettings(ports.get("POSTGRES")))
                .as("the settings of the launcher's PostgreSQL")
                .isEqualTo(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        String sampleRule = given().get(gateway + "/api/rules")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.name == 'demo: checkout p95 latency' }.id");
        long webEvents = storedEvents(gateway, "demo.web");
        assertThat(webEvents).isPositive();

        launcher.destroy(); // SIGTERM
        assertThat(launcher.waitFor(90, TimeUnit.SECONDS))
                .as("the launcher stops within 90 s")
                .isTrue();
        assertThat(launcher.exitValue()).isEqualTo(143);
        assertThat(started.stream()
                        .filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("processes left running")
                .isEmpty();
        // PostgreSQL runs detached from the launcher (pg_ctl): its port tells whether it stopped too.
        ports.forEach((part, port) -> assertThat(answers(port))
                .as(part + " port " + port + " still answers")
                .isFalse());
        assertThat(Files.readString(output)).contains("stopped stack");
        assertThat(stackFile).as("the stack file of a stopped stack").doesNotExist();

        // Again on the same data (no --wipe): the sample rule is the one of the first run, and the
        // demo's events counted then are still counted (the aggregator may still be catching up).
        Path again = output.resolveSibling(output.getFileName().toString().replace(".log", "-again.log"));
        launcher = start(data, ports, again, "--no-demo");
        awaitOutput(again, "Pulseboard is running.");
        assertThat(Files.readString(again)).doesNotContain("Adding the sample alert rule");
        given().get(gateway + "/api/rules")
                .then()
                .statusCode(200)
                .body("findAll { it.name == 'demo: checkout p95 latency' }.id", equalTo(List.of(sampleRule)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(storedEvents(gateway, "demo.web")).isGreaterThanOrEqualTo(webEvents));
        launcher.destroy();
        assertThat(launcher.waitFor(90, TimeUnit.SECONDS))
                .as("the launcher stops within 90 s")
                .isTrue();
    }

    /** Starts {@code ./pulseboard} on {@code data} and {@code ports} with {@code extra} arguments, its output into {@code output}. */
    private static Process start(Path data, Map<String, Integer> ports, Path output, String... extra)
            throws IOException {
        // --no-build: the reactor built the services already; the test runs what it built.
        List<String> command = new ArrayList<>(
                List.of(ROOT.resolve("pulseboard").toString(), "--no-build", "--data-dir", data.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        ports.forEach((part, port) -> builder.environment().put("PULSE_" + part + "_PORT", Integer.toString(port)));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} of the PostgreSQL on {@code port}. */
    private static Map<String, String> durabilitySettings(int port) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/pulse", "pulse", "pulse");
                Statement s = c.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    assertThat(rs.next()).isTrue();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** The events of {@code stream} in its hourly rows of the last 24 hours, over REST. */
    private static long storedEvents(String gateway, String stream) {
        List<Number> counts = given().queryParam("step", "1h")
                .get(gateway + "/api/streams/" + stream + "/metrics")
                .then()
                .statusCode(200)
                .extract()
                .path("metrics.count");
        return counts.stream().mapToLong(Number::longValue).sum();
    }

    @Test
    void aTakenPortStopsItBeforeStartingAnythingWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProcessBuilder builder = new ProcessBuilder(
                            ROOT.resolve("pulseboard").toString(),
                            "--no-build",
                            "--no-demo",
                            "--data-dir",
                            ROOT.resolve("e2e-tests/target/launcher-data-taken").toString())
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("PULSE_AGGREGATOR_PORT", Integer.toString(taken.getLocalPort()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            launcher = builder.start();
            String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(output)
                    .contains("port " + taken.getLocalPort() + " (aggregator) is taken")
                    .doesNotContain("Starting");
        }
    }

    /** Polls the gateway's {@code /api/streams} until every demo stream has events; their counts. */
    private Map<String, Integer> awaitDemoStreams(String gateway) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        return Awaitility.await("every demo stream in /api/streams")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            JsonPath streams = given().get(gateway + "/api/streams")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath();
                            for (String stream : DEMO_STREAMS) {
                                Integer count =
                                        streams.get("find { it.stream == '" + stream + "' }.current_hour.count");
                                if (count != null) {
                                    counts.put(stream, count);
                                }
                            }
                            return counts;
                        },
                        found -> found.keySet().containsAll(DEMO_STREAMS));
    }

    /** Waits until the launcher has printed {@code line}; a timeout shows what it printed, an exit fails at once. */
    private void awaitOutput(Path output, String line) {
        Awaitility.await("the launcher printing '" + line + "'")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            String printed = Files.readString(output);
                            if (!printed.contains(line) && !launcher.isAlive()) {
                                throw new AssertionError("the launcher exited with " + launcher.exitValue() + ":\n"
                                        + Files.readString(output));
                            }
                            return printed;
                        },
                        printed -> printed.contains(line));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
