package io.pulseboard.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL server settings that decide whether a commit the server confirmed survives a crash:
 * all on (PostgreSQL's own defaults) unless {@link InfraOptions#nonDurable()}. Stated explicitly in
 * both modes because neither starter keeps PostgreSQL's defaults: io.zonky starts the server with
 * {@code -F} (fsync off) and {@code synchronous_commit=off}, Testcontainers with {@code fsync=off}.
 */
final class PostgresDurability {

    /** {@code fsync}: WAL and data reach the disk; {@code synchronous_commit}: a commit waits for its WAL;
     * {@code full_page_writes}: a page torn by a crash can be rebuilt from the WAL. */
    static final List<String> SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

    private PostgresDurability() {}

    /** Each of {@link #SETTINGS} with its value: {@code on}, or {@code off} when non-durable. */
    static Map<String, String> settings(InfraOptions options) {
        String value = options.nonDurable() ? "off" : "on";
        Map<String, String> settings = new LinkedHashMap<>();
        SETTINGS.forEach(name -> settings.put(name, value));
        return settings;
    }
}
