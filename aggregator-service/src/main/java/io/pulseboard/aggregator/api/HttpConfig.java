package io.pulseboard.aggregator.api;

import java.util.List;
import java.util.Optional;

/** {@code pulse.http.*}: who may address this service from a browser (see {@link RequestGuardFilter}). */
public interface HttpConfig {

    /** Host names besides localhost and address literals ({@code name}, {@code name:port}, {@code *.domain}; {@code *}: any). */
    Optional<List<String>> allowedHosts();

    /** Browser origins that may change rules and alerts besides the service's own ({@code *}: any). */
    Optional<List<String>> allowedOrigins();
}
