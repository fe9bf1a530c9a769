package io.pulseboard.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL from the io.zonky embedded binaries (a Maven Central jar). Its directory
 * ({@code <data>/postgres}) holds {@code data/} (PGDATA) and {@code postgres.log} (the server's output).
 * The database and user of the options are created (the user as a superuser, as the official image's
 * {@code POSTGRES_USER} is); trust authentication on 127.0.0.1, so the password is set but not checked.
 * Durable ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes} on) unless the options say
 * non-durable: see {@link PostgresDurability}.
 */
final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPostgres.class.getName());
    static final String PROCESS_NAME = "postgres";
    /** Keeps io.zonky's INFO chatter out of test logs unless configured otherwise (strong reference). */
    private static final Logger ZONKY_LOG = Logger.getLogger("io.zonky.test");

    static {
        if (ZONKY_LOG.getLevel() == null) {
            ZONKY_LOG.setLevel(Level.WARNING);
        }
    }

    private final Path pgData;
    private final Path logFile;
    private final EmbeddedPostgres postgres;
    private final ProcessRegistry.Session session;
    private final int port;
    private final ProcessHandle postmaster;

    private LocalPostgres(
            Path pgData,
            Path logFile,
            EmbeddedPostgres postgres,
            ProcessRegistry.Session session,
            int port,
            ProcessHandle postmaster) {
        this.pgData = pgData;
        this.logFile = logFile;
        this.postgres = postgres;
        this.session = session;
        this.port = port;
        this.postmaster = postmaster;
    }

    /**
     * Starts PostgreSQL (initdb first if {@code <dir>/data} is empty), creates the database and user if
     * missing, and returns once a JDBC connection as that user works.
     *
     * @param binariesDir where the binaries are unpacked (reused between runs)
     */
    static LocalPostgres start(Path dir, Path binariesDir, InfraOptions options, ProcessRegistry.Session session)
            throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        Files.createDirectories(binariesDir);
        Path pgData = dir.resolve("data");
        Path logFile = dir.resolve("postgres.log");
        int port = Ports.fixedOrFree("PostgreSQL", options.postgresPort());
        session.addPostgresDataDir(pgData);

        // A postmaster left on this data directory by a killed run of a persistent data directory whose
        // registry entry is gone: PostgreSQL would refuse to start; say so clearly.
        Optional<ProcessHandle> running = ProcessRegistry.postmaster(pgData);
        if (running.isPresent()) {
            throw new IllegalStateException(
                    "a PostgreSQL server (pid " + running.get().pid() + ") is already running on " + pgData
                            + ": stop it first (another InfraMain on the same data directory?)");
        }

        EmbeddedPostgres pg;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            // After io.zonky's -F on the command line, so these win (the last setting of a name does).
            PostgresDurability.settings(options).forEach(builder::setServerConfig);
            pg = builder.setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setPort(port)
                    .setPGStartupWait(options.startupTimeout())
                    .setServerConfig("listen_addresses", Ports.HOST)
                    .setServerConfig("unix_socket_directories", "")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            ProcessRegistry.postmaster(pgData).ifPresent(h -> ProcessRegistry.stop(h, 10));
            throw new IllegalStateException(
                    "PostgreSQL did not start on port " + port + " (" + e + "); the end of " + logFile + ":\n"
                            + FileUtil.tail(logFile, 40),
                    e);
        }
        ProcessHandle postmaster = ProcessRegistry.postmaster(pgData).orElse(null);
        if (postmaster != null) {
            session.addProcess(PROCESS_NAME, postmaster);
        }
        LocalPostgres local = new LocalPostgres(pgData, logFile, pg, session, port, postmaster);
        try {
            local.createDatabaseAndUser(options);
            local.checkConnection(options);
        } catch (SQLException | RuntimeException e) {
            local.close();
            throw new IllegalStateException(
                    "PostgreSQL started on port " + port + " but preparing database '"
                            + options.database() + "' failed: " + e + "; the end of " + logFile + ":\n"
                            + FileUtil.tail(logFile, 40),
                    e);
        }
        LOG.info(() -> String.format(
                "PostgreSQL ready on %s:%d (pid %s, %s) in %.1f s",
                Ports.HOST,
                port,
                postmaster == null ? "?" : Long.toString(postmaster.pid()),
                options.nonDurable() ? "not durable" : "durable",
                (System.nanoTime() - t0) / 1e9));
        return local;
    }

    private void createDatabaseAndUser(InfraOptions o) throws SQLException {
        Properties su = new Properties();
        su.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), su)) {
            c.setAutoCommit(true);
            boolean roleExists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, o.username());
                try (ResultSet rs = ps.executeQuery()) {
                    roleExists = rs.next();
                }
            }
            try (Statement s = c.createStatement()) {
                String password = "'" + o.password().replace("'", "''") + "'";
                if (roleExists) {
                    s.execute("ALTER ROLE \"" + o.username() + "\" WITH LOGIN SUPERUSER PASSWORD " + password);
                } else {
                    s.execute("CREATE ROLE \"" + o.username() + "\" WITH LOGIN SUPERUSER PASSWORD " + password);
                }
            }
            boolean dbExists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, o.database());
                try (ResultSet rs = ps.executeQuery()) {
                    dbExists = rs.next();
                }
            }
            if (!dbExists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE \"" + o.database() + "\" OWNER \"" + o.username() + "\"");
                }
            }
        }
    }

    private void checkConnection(InfraOptions o) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", o.username());
        p.setProperty("password", o.password());
        try (Connection c = DriverManager.getConnection(jdbcUrl(o.database()), p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("SELECT 1 did not answer 1");
            }
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + database;
    }

    int port() {
        return port;
    }

    /** The postmaster's pid, or -1 if it could not be read. */
    long pid() {
        return postmaster == null ? -1 : postmaster.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** Stops PostgreSQL (pg_ctl stop -m fast; SIGTERM then SIGKILL if the postmaster is still there). */
    @Override
    public void close() {
        long t0 = System.nanoTime();
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "pg_ctl stop failed", e);
        }
        ProcessHandle pm = postmaster != null
                ? postmaster
                : ProcessRegistry.postmaster(pgData).orElse(null);
        if (pm != null && pm.isAlive()) {
            ProcessRegistry.stop(pm, 10);
        }
        LOG.fine(() -> String.format("PostgreSQL stopped in %.1f s", (System.nanoTime() - t0) / 1e9));
        try {
            session.removeProcess(PROCESS_NAME);
        } catch (IOException e) {
            LOG.fine("could not update the process registry: " + e);
        }
    }
}
