package io.pulseboard.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A registry of the processes and temporary data directories that {@link PulseInfra} instances start,
 * under a well-known directory ({@code ${java.io.tmpdir}/pulseboard-infra}, or the system property
 * {@code pulse.infra.registry-dir}), so that a later run can clean up after a JVM that was killed
 * ({@code kill -9}) before it could stop them.
 *
 * <p>One file per {@link PulseInfra} instance ({@code <owner pid>-<id>.session}, a properties file):
 * the owner JVM's pid and start time, the data directory and whether it is temporary, and each child
 * process's pid and start time. {@link #reapOrphans()} handles the files whose owner is gone: it stops
 * each child whose pid still belongs to the same process (same start time, so a recycled pid is never
 * killed), also a postmaster found through {@code postmaster.pid} of the recorded PostgreSQL data
 * directory (if its command line names that directory), then deletes temporary data directories.
 */
final class ProcessRegistry {

    static final String REGISTRY_DIR_PROPERTY = "pulse.infra.registry-dir";
    private static final Logger LOG = Logger.getLogger(ProcessRegistry.class.getName());
    private static final String SESSION_SUFFIX = ".session";
    private static final String REAPING = ".reaping-";
    private static final String TEMP_DATA_PREFIX = "data-";

    private ProcessRegistry() {}

    /** The registry directory (created if missing). */
    static Path root() {
        String configured = System.getProperty(REGISTRY_DIR_PROPERTY);
        Path root = configured != null && !configured.isBlank()
                ? Paths.get(configured)
                : Paths.get(System.getProperty("java.io.tmpdir"), "pulseboard-infra");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the process registry directory " + root, e);
        }
        return root.toAbsolutePath();
    }

    /** A fresh temporary data directory, named after this JVM's pid so that the reaper can tell its owner. */
    static Path newTemporaryDataDir() throws IOException {
        long pid = ProcessHandle.current().pid();
        return Files.createDirectory(root().resolve(TEMP_DATA_PREFIX + pid + "-" + shortId()));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Optional<Long> startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli);
    }

    /** Whether a process with this pid and start time (if known) is alive now. */
    static boolean alive(long pid, Long startMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (startMillis == null) {
            return true;
        }
        Optional<Long> now = startMillis(h.get());
        return now.isEmpty() || now.get().equals(startMillis);
    }

    // ------------------------------------------------------------------------------------------------
    // The session of one PulseInfra instance

    /** The registry entry of one {@link PulseInfra} instance, kept up to date as it starts processes. */
    static final class Session {
        private final Path file;
        private final Properties props = new Properties();

        private Session(Path file) {
            this.file = file;
        }

        static Session open(Path dataDir, boolean temporary) throws IOException {
            ProcessHandle me = ProcessHandle.current();
            Session s = new Session(root().resolve(me.pid() + "-" + shortId() + SESSION_SUFFIX));
            s.props.setProperty("owner.pid", Long.toString(me.pid()));
            startMillis(me).ifPresent(t -> s.props.setProperty("owner.start", Long.toString(t)));
            s.props.setProperty("data.dir", dataDir.toString());
            s.props.setProperty("data.dir.temporary", Boolean.toString(temporary));
            s.save();
            return s;
        }

        synchronized void addProcess(String name, ProcessHandle process) throws IOException {
            props.setProperty("process." + name + ".pid", Long.toString(process.pid()));
            startMillis(process).ifPresent(t -> props.setProperty("process." + name + ".start", Long.toString(t)));
            save();
        }

        synchronized void removeProcess(String name) throws IOException {
            props.remove("process." + name + ".pid");
            props.remove("process." + name + ".start");
            save();
        }

        /** Records a PostgreSQL data directory, whose postmaster.pid the reaper also checks. */
        synchronized void addPostgresDataDir(Path pgData) throws IOException {
            props.setProperty("postgres.data", pgData.toString());
            save();
        }

        synchronized void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.FINE, "could not delete " + file, e);
            }
        }

        private void save() throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "pulse-infra: processes started by JVM " + props.getProperty("owner.pid"));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reaping

    /** Cleans up after every owner JVM that is gone. Returns the pids it stopped. */
    static synchronized List<Long> reapOrphans() {
        List<Long> stopped = new ArrayList<>();
        Path root = root();
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            dir.forEach(entries::add);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list " + root, e);
            return stopped;
        }
        List<String> referencedDataDirs = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.endsWith(SESSION_SUFFIX) || name.contains(SESSION_SUFFIX + REAPING)) {
                Properties p = load(entry);
                if (p == null) {
                    continue;
                }
                if (ownerAlive(p, name)) {
                    referencedDataDirs.add(p.getProperty("data.dir", ""));
                    continue;
                }
                Path claimed = claim(entry, name);
                if (claimed != null) {
                    reap(claimed, p, stopped);
                }
            }
        }
        // Temporary data directories whose owner died before it wrote its session file.
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!name.startsWith(TEMP_DATA_PREFIX)
                    || !Files.isDirectory(entry)
                    || referencedDataDirs.contains(entry.toString())) {
                continue;
            }
            String[] parts = name.substring(TEMP_DATA_PREFIX.length()).split("-");
            try {
                long owner = Long.parseLong(parts[0]);
                if (!alive(owner, null) && Files.exists(entry)) {
                    LOG.fine(() -> "deleting orphaned temporary data directory " + entry);
                    FileUtil.deleteQuietly(entry);
                }
            } catch (NumberFormatException e) {
                // not ours
            }
        }
        return stopped;
    }

    private static boolean ownerAlive(Properties p, String fileName) {
        int at = fileName.indexOf(REAPING);
        if (at >= 0) {
            // a reaper claimed it; it is ours to redo if that reaper is gone
            long reaper = Long.parseLong(fileName.substring(at + REAPING.length()));
            if (reaper == ProcessHandle.current().pid()) {
                return true;
            }
            return alive(reaper, null);
        }
        long owner = Long.parseLong(p.getProperty("owner.pid", "-1"));
        String start = p.getProperty("owner.start");
        return alive(owner, start == null ? null : Long.parseLong(start));
    }

    /** Renames the entry so that only one reaper handles it; null if another one was faster. */
    private static Path claim(Path entry, String name) {
        int at = name.indexOf(REAPING);
        String base = at >= 0 ? name.substring(0, at) : name;
        Path claimed =
                entry.resolveSibling(base + REAPING + ProcessHandle.current().pid());
        try {
            Files.move(entry, claimed, StandardCopyOption.ATOMIC_MOVE);
            return claimed;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot claim " + entry, e);
            return null;
        }
    }

    private static void reap(Path claimed, Properties p, List<Long> stopped) {
        String owner = p.getProperty("owner.pid");
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("process.") || !key.endsWith(".pid")) {
                continue;
            }
            String name = key.substring("process.".length(), key.length() - ".pid".length());
            long pid = Long.parseLong(p.getProperty(key));
            String start = p.getProperty("process." + name + ".start");
            if (start != null && alive(pid, Long.parseLong(start))) {
                LOG.info(() -> "stopping orphaned " + name + " (pid " + pid + ") of JVM " + owner + ", which is gone");
                stop(ProcessHandle.of(pid).get(), 15);
                stopped.add(pid);
            }
        }
        String pgData = p.getProperty("postgres.data");
        if (pgData != null) {
            postmaster(Paths.get(pgData)).ifPresent(h -> {
                LOG.info(() -> "stopping orphaned postgres (pid " + h.pid() + ", " + pgData + ") of JVM " + owner
                        + ", which is gone");
                stop(h, 15);
                stopped.add(h.pid());
            });
        }
        if (Boolean.parseBoolean(p.getProperty("data.dir.temporary"))) {
            Path dataDir = Paths.get(p.getProperty("data.dir"));
            IOException failure = FileUtil.deleteQuietly(dataDir);
            if (failure != null) {
                LOG.log(Level.WARNING, "could not delete the orphaned data directory " + dataDir, failure);
            }
        }
        try {
            Files.deleteIfExists(claimed);
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not delete " + claimed, e);
        }
    }

    /** The live postmaster of this data directory, by its postmaster.pid, if its command line names the directory. */
    static Optional<ProcessHandle> postmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) {
                return Optional.empty();
            }
            String cmd = h.get().info().commandLine().orElse("");
            return cmd.contains(pgData.toString())
                            || cmd.contains(pgData.toRealPath().toString())
                    ? h
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL (with its descendants) after {@code graceSeconds}. */
    static void stop(ProcessHandle process, int graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = new ArrayList<>();
        process.descendants().forEach(descendants::add);
        process.destroy();
        if (!waitFor(process, graceSeconds)) {
            LOG.warning(() -> "pid " + process.pid() + " did not stop within " + graceSeconds + " s; killing it");
            process.destroyForcibly();
            waitFor(process, 10);
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
    }

    static boolean waitFor(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            return p.getProperty("owner.pid") == null ? null : p;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
