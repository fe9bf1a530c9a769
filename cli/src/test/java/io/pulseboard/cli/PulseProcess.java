package io.pulseboard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code pulse} process (a JVM of its own on this module's classpath), as a user runs it. */
final class PulseProcess {

    private final Process process;
    private final Path out;
    private final Path err;

    private PulseProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static PulseProcess start(Path stdin, String... args) {
        return start(stdin, Map.of(), args);
    }

    /** A process with these environment variables besides this JVM's. */
    static PulseProcess start(Path stdin, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                System.getProperty("java.class.path"),
                PulseCli.class.getName()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("pulse-out", ".txt");
            Path err = Files.createTempFile("pulse-err", ".txt");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            return new PulseProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new IllegalStateException("could not start pulse", e);
        }
    }

    static Result run(String... args) {
        return start(null, args).await();
    }

    static Result run(Map<String, String> environment, String... args) {
        return start(null, environment, args).await();
    }

    Process process() {
        return process;
    }

    /** Waits for the exit (a generous bound, only so a hang fails the test instead of the build). */
    Result await() {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("pulse did not exit within 120 s; stderr: " + Files.readString(err));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            out.toFile().delete();
            err.toFile().delete();
        }
    }

    record Result(int exitCode, String out, String err) {}
}
