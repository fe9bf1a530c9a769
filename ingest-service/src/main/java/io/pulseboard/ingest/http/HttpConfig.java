package io.pulseboard.ingest.http;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** {@code pulse.http.*}: who may address this service from a browser (see {@link RequestGuardFilter}). */
@ConfigMapping(prefix = "pulse.http")
public interface HttpConfig {

    /** Host names besides localhost and address literals ({@code name}, {@code name:port}, {@code *.domain}; {@code *}: any). */
    Optional<List<String>> allowedHosts();

    /** Browser origins that may post besides the service's own ({@code *}: any). */
    Optional<List<String>> allowedOrigins();
}
