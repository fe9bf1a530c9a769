package io.pulseboard.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A Pulseboard service (a built Quarkus application) running as its own process on a port of its
 * own, configured by system properties. It is recorded in the process registry, so that a JVM killed
 * while it runs leaves it behind only until the next start of the seam, which stops it.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceProcess.class.getName());
    private static final String HTTP_PORT = "quarkus.http.port";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path logFile;
    private final ProcessRegistry.Session session;

    private ServiceProcess(String name, Process process, int port, Path logFile, ProcessRegistry.Session session) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.session = session;
    }

    /**
     * Starts {@code java -jar quarkusRunJar} with {@code config} as system properties and
     * {@code quarkus.http.port} set to a free port unless {@code config} sets it; the output goes to
     * {@code logFile}. The JVM options are {@link ServiceSpec#DEFAULT_JVM_OPTIONS}.
     */
    public static ServiceProcess start(String name, Path quarkusRunJar, Map<String, String> config, Path logFile) {
        return start(name, quarkusRunJar, config, logFile, Map.of());
    }

    /** The same, with {@code environment} added to this JVM's environment for the service. */
    public static ServiceProcess start(
            String name,
            Path quarkusRunJar,
            Map<String, String> config,
            Path logFile,
            Map<String, String> environment) {
        return start(
                new ServiceSpec(name, quarkusRunJar, 0, config, ServiceSpec.DEFAULT_JVM_OPTIONS), logFile, environment);
    }

    /** {@link #start(ServiceSpec, Path, Map)} with this JVM's environment only. */
    public static ServiceProcess start(ServiceSpec spec, Path logFile) {
        return start(spec, logFile, Map.of());
    }

    /**
     * Starts the service as {@code spec} says, its output into {@code logFile}; its port is the spec's,
     * else {@code quarkus.http.port} of its configuration, else a free one; {@code environment} is added
     * to this JVM's environment for it. Not yet awaited.
     */
    public static ServiceProcess start(ServiceSpec spec, Path logFile, Map<String, String> environment) {
        String name = spec.name();
        Path quarkusRunJar = spec.jar();
        Map<String, String> config = spec.config();
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException(
                    name + " is not built: " + quarkusRunJar + " is missing (run ./mvnw package)");
        }
        PulseInfra.reapOrphans();
        // A given port (a service restarted where its clients expect it), or a free one.
        String given = config.get(HTTP_PORT);
        int port = spec.port() != 0 ? spec.port() : given != null ? Integer.parseInt(given) : Ports.freePort();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmOptions());
        command.add("-D" + HTTP_PORT + "=" + port);
        config.forEach((key, value) -> {
            if (!HTTP_PORT.equals(key)) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-jar");
        command.add(quarkusRunJar.toString());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            ProcessRegistry.Session session =
                    ProcessRegistry.Session.open(logFile.toAbsolutePath().getParent(), false);
            session.addProcess(name, process.toHandle());
            LOG.info(() -> "started " + name + " (pid " + process.pid() + ") on port " + port + ", log " + logFile);
            return new ServiceProcess(name, process, port, logFile, session);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails with the end of the service's log. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitOk("/q/health/ready", timeout);
    }

    /** Waits until {@code /q/health/live} answers 200: up, though perhaps not connected to everything. */
    public ServiceProcess awaitLive(Duration timeout) {
        return awaitOk("/q/health/live", timeout);
    }

    private ServiceProcess awaitOk(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready =
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " during start-up; the end of " + logFile + ":\n" + FileUtil.tail(logFile, 40));
            }
            try {
                HttpResponse<String> answer = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return this;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " did not answer 200 on " + path + " within " + timeout.toSeconds()
                + " s (last: " + last + "); the end of " + logFile + ":\n" + FileUtil.tail(logFile, 40));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The service's address with this path, for example {@code uri("/api/events")}. */
    public URI uri(String path) {
        return URI.create("http://" + Ports.HOST + ":" + port + path);
    }

    /** Waits until the process has exited (after a signal sent elsewhere) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not exit within " + timeout.toSeconds() + " s; the end of "
                        + logFile + ":\n" + FileUtil.tail(logFile, 40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** Stops the service (SIGTERM, then SIGKILL after 15 s). Idempotent. */
    @Override
    public void close() {
        ProcessRegistry.stop(process.toHandle(), 15);
        session.delete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
