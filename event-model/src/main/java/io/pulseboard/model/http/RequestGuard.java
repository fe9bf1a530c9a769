package io.pulseboard.model.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a browser could have been made to send a request by a page that is not ours, decided from
 * its headers alone. Every service applies it to every request, with or without tokens:
 *
 * <ul>
 *   <li>{@code Host} must be an allowed host, on reads too: a DNS-rebinding page reaches a service
 *       under its own name, and would otherwise read the answers. Allowed are {@code localhost},
 *       any address literal (a rebinding page cannot use one: its origin would be that address), and
 *       the configured names ({@code name} for any port, {@code name:port}, {@code *.domain}, or
 *       {@code *} to switch the check off behind a proxy that checks the host itself). A request
 *       without a Host is not from a browser.
 *   <li>A state-changing request (any method but GET, HEAD, OPTIONS and TRACE) with an
 *       {@code Origin} must come from the same origin (same host and port as {@code Host}) or a
 *       configured one ({@code *}: any); without an Origin, {@code Sec-Fetch-Site: cross-site} is
 *       refused too. Without either header (curl, the CLI, another service) it passes: such a client
 *       can send anything anyway. Whatever the content type: a form or {@code text/plain} post needs
 *       no CORS preflight.
 * </ul>
 */
public final class RequestGuard {

    /** The setting of every service that names further allowed hosts. */
    public static final String HOSTS_SETTING = "pulse.http.allowed-hosts";

    /** The setting of every service that names further allowed browser origins. */
    public static final String ORIGINS_SETTING = "pulse.http.allowed-origins";

    /** Why a request was refused. */
    public enum Reason {
        /** The Host header is not an allowed host. */
        HOST("host"),
        /** A write's Origin is neither the request's own nor an allowed one. */
        ORIGIN("origin"),
        /** A write without Origin that the browser marked {@code Sec-Fetch-Site: cross-site}. */
        CROSS_SITE("sec-fetch-site");

        private final String header;

        Reason(String header) {
            this.header = header;
        }

        /** The refused header's name, in lower case (also the member of a problem answer that holds its value). */
        public String header() {
            return header;
        }
    }

    /** A refusal: why, the header value refused, and a sentence for the answer that says what to change. */
    public record Refusal(Reason reason, String value, String detail) {

        /** The 403 problem+json body that answers the refused request for {@code path}. */
        public String problemJson(String path) {
            return io.pulseboard.model.json.PulseJson.toJson(io.pulseboard.model.Problem.of(403, "Forbidden", detail)
                    .atInstance(path)
                    .with(reason.header(), value));
        }
    }

    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]*:[0-9a-f:.]*(%[a-z0-9._~-]+)?\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private final boolean anyHost;
    private final Set<String> hosts = new HashSet<>();
    private final Set<String> hostPorts = new HashSet<>();
    private final Set<String> domains = new HashSet<>();
    private final boolean anyOrigin;
    private final Set<String> origins = new HashSet<>();

    /**
     * {@code allowedHosts}: names besides localhost and address literals; {@code allowedOrigins}: browser
     * origins ({@code scheme://host[:port]}) besides the request's own. Blank entries are ignored.
     */
    public RequestGuard(Collection<String> allowedHosts, Collection<String> allowedOrigins) {
        hosts.add("localhost");
        boolean any = false;
        for (String entry : allowedHosts) {
            String host = entry.trim().toLowerCase(Locale.ROOT);
            if (host.equals("*")) {
                any = true;
            } else if (host.startsWith("*.")) {
                domains.add(host.substring(1));
            } else if (!host.isEmpty()) {
                Authority parsed = Authority.parse(host);
                if (parsed == null) {
                    throw new IllegalArgumentException(
                            HOSTS_SETTING + ": '" + entry + "' is not a host name or host:port");
                }
                if (parsed.port() == null) {
                    hosts.add(parsed.host());
                } else {
                    hostPorts.add(parsed.host() + ":" + parsed.port());
                }
            }
        }
        this.anyHost = any;
        this.anyOrigin = allowedOrigins.stream().anyMatch(o -> o.trim().equals("*"));
        allowedOrigins.stream()
                .map(String::trim)
                .filter(o -> !o.isEmpty() && !o.equals("*"))
                .forEach(o -> origins.add(normalizeOrigin(o)));
    }

    /** False for the methods that only read (GET, HEAD, OPTIONS, TRACE); true for every other. */
    public static boolean changesState(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> true;
        };
    }

    /** Checks a request by its method and headers (each null when absent). */
    public Optional<Refusal> check(String method, String host, String origin, String secFetchSite) {
        return check(changesState(method), host, origin, secFetchSite);
    }

    /**
     * Checks a request's headers (each null when absent); {@code changesState} also for a WebSocket
     * upgrade, which no browser guards with CORS.
     */
    public Optional<Refusal> check(boolean changesState, String host, String origin, String secFetchSite) {
        if (host != null && !hostAllowed(host)) {
            return Optional.of(new Refusal(
                    Reason.HOST,
                    host,
                    "the Host '" + host + "' is not an allowed host of this service "
                            + "(a page under another name, as after DNS rebinding, must not reach it); to allow it, add its name to "
                            + HOSTS_SETTING + " (env PULSE_HTTP_ALLOWED_HOSTS)"));
        }
        if (!changesState) {
            return Optional.empty();
        }
        if (origin == null) {
            if ("cross-site".equalsIgnoreCase(secFetchSite)) {
                return Optional.of(new Refusal(
                        Reason.CROSS_SITE,
                        secFetchSite,
                        "a request that changes state must not come "
                                + "from another site's page (Sec-Fetch-Site: cross-site, without an Origin)"));
            }
            return Optional.empty();
        }
        if (anyOrigin || origins.contains(normalizeOrigin(origin)) || sameOrigin(origin, host)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                Reason.ORIGIN,
                origin,
                "a request that changes state must not come from a page "
                        + "of the origin '" + origin + "': only this service's own origin and those in "
                        + ORIGINS_SETTING
                        + " (env PULSE_HTTP_ALLOWED_ORIGINS) may"));
    }

    private boolean hostAllowed(String header) {
        if (anyHost) {
            return true;
        }
        Authority authority = Authority.parse(header.trim().toLowerCase(Locale.ROOT));
        if (authority == null) {
            return false;
        }
        String host = authority.host();
        if (authority.literal() || hosts.contains(host) || hostPorts.contains(host + ":" + authority.port())) {
            return true;
        }
        return domains.stream().anyMatch(host::endsWith);
    }

    /** Same origin: the Origin's host and port are the Host's (a missing port is the Origin scheme's default). */
    private static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        Authority host = Authority.parse(hostHeader.trim().toLowerCase(Locale.ROOT));
        URI uri = originUri(origin);
        if (host == null || uri == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = host.port() == null ? defaultPort : Integer.parseInt(host.port());
        return uri.getHost().toLowerCase(Locale.ROOT).equals(host.host()) && originPort == hostPort;
    }

    private static URI originUri(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            return web && uri.getRawUserInfo() == null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalizeOrigin(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** A Host header's parts: the lower-case host (a trailing dot dropped), its port or null, and whether it is an address. */
    private record Authority(String host, String port, boolean literal) {

        static Authority parse(String value) {
            String host = value;
            String port = null;
            if (value.startsWith("[")) {
                int end = value.indexOf(']');
                if (end < 0) {
                    return null;
                }
                host = value.substring(0, end + 1);
                String rest = value.substring(end + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return null;
                    }
                    port = rest.substring(1);
                }
            } else {
                int colon = value.lastIndexOf(':');
                if (colon >= 0) {
                    host = value.substring(0, colon);
                    port = value.substring(colon + 1);
                }
            }
            if (port != null && !PORT.matcher(port).matches()) {
                return null;
            }
            if (host.endsWith(".") && !host.endsWith("..")) {
                host = host.substring(0, host.length() - 1);
            }
            boolean literal = IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
            if (!literal && !NAME.matcher(host).matches()) {
                return null;
            }
            return new Authority(host, port, literal);
        }
    }
}
