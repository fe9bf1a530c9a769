package io.pulseboard.infra.launch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pulseboard.infra.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What a launched stack is, for scripts ({@code jq}) and tests (Jackson): written by the launcher once
 * everything it started is ready, deleted when it stops. For example:
 *
 * <pre>
 * {"pid": 4711,
 *  "kafka": {"bootstrap_servers": "127.0.0.1:9092"},
 *  "postgres": {"jdbc_url": "jdbc:postgresql://127.0.0.1:5432/pulse", "reactive_url": "postgresql://127.0.0.1:5432/pulse",
 *               "username": "pulse", "password": "pulse"},
 *  "infra_pids": {"kafka": 4712, "postgres": 4713},
 *  "services": {"aggregator": {"url": "http://127.0.0.1:8082", "port": 8082, "pid": 4714, "log": "/.../aggregator.log"}}}
 * </pre>
 *
 * @param pid       the launcher's process: a SIGTERM (or SIGINT) to it stops everything it started
 * @param infraPids the infrastructure's local processes (empty when it uses another launcher's)
 */
public record StackFile(
        long pid,
        Kafka kafka,
        Postgres postgres,
        @JsonProperty("infra_pids") Map<String, Long> infraPids,
        Map<String, Service> services) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Kafka(@JsonProperty("bootstrap_servers") String bootstrapServers) {}

    public record Postgres(
            @JsonProperty("jdbc_url") String jdbcUrl,
            @JsonProperty("reactive_url") String reactiveUrl,
            String username,
            String password) {

        /** The datasource configuration of a Quarkus service. */
        public Map<String, String> quarkusConfig() {
            return Map.of(
                    "quarkus.datasource.jdbc.url",
                    jdbcUrl,
                    "quarkus.datasource.reactive.url",
                    reactiveUrl,
                    "quarkus.datasource.username",
                    username,
                    "quarkus.datasource.password",
                    password);
        }
    }

    public record Service(String url, int port, long pid, String log) {}

    /** The stack file of a stack whose parts all run. */
    static StackFile of(
            long pid,
            Kafka kafka,
            Postgres postgres,
            Map<String, Long> infraPids,
            Map<String, ServiceProcess> services) {
        Map<String, Service> entries = new java.util.LinkedHashMap<>();
        services.forEach((name, s) -> entries.put(
                name,
                new Service(
                        s.uri("").toString(),
                        s.port(),
                        s.pid(),
                        s.logFile().toAbsolutePath().toString())));
        return new StackFile(pid, kafka, postgres, infraPids, entries);
    }

    public static StackFile read(Path file) {
        try {
            return JSON.readValue(file.toFile(), StackFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the stack file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file whole or not at all (a reader polling for it never sees half of it). */
    public void write(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the stack file " + file + ": " + e.getMessage(), e);
        }
    }
}
