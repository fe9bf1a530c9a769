package io.pulseboard.infra;

import java.util.Locale;

/** How {@link PulseInfra} provides Kafka and PostgreSQL. */
public enum Mode {
    /** Local processes: a Kafka broker JVM from the Maven Central jars, PostgreSQL from the io.zonky binaries. */
    LOCAL,
    /** Testcontainers with the official images ({@code apache/kafka}, {@code postgres}). Needs a Docker engine. */
    CONTAINERS,
    /**
     * {@link #CONTAINERS} where a Docker engine answers (Testcontainers' {@code DockerClientFactory}), else
     * {@link #LOCAL}. Options that only local mode supports (a data directory, fixed ports) make it local.
     */
    AUTO;

    /** Parses {@code local}, {@code containers} or {@code auto} (any case). */
    public static Mode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "local":
                return LOCAL;
            case "containers":
                return CONTAINERS;
            case "auto":
            case "":
                return AUTO;
            default:
                throw new IllegalArgumentException(
                        "unknown infrastructure mode '" + value + "': expected local, containers or auto");
        }
    }

    /** The lower-case name, as {@link #parse} accepts it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
