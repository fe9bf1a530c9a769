package io.pulseboard.aggregator.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which webhook URLs may be called: those whose host resolves only to public addresses, or that
 * {@code pulse.notifications.allowed-hosts} allows (by host name, address or range). Without this a
 * rule could make the aggregator call the cloud metadata address, a database on the private network
 * or a service on its own loopback (SSRF). Checked when a rule is saved and again before every call,
 * since a name may resolve elsewhere by then (DNS rebinding).
 */
@ApplicationScoped
public class WebhookTargets {

    private final Set<String> names = new HashSet<>();
    private final List<Cidr> ranges = new ArrayList<>();

    @Inject
    public WebhookTargets(NotificationsConfig config) {
        this(config.allowedHosts().orElse(List.of()));
    }

    /** {@code allowed}: host names, addresses and CIDR ranges, as in the setting. */
    public WebhookTargets(List<String> allowed) {
        for (String entry : allowed) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (Cidr.isLiteral(e)) {
                try {
                    ranges.add(Cidr.parse(e));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("pulse.notifications.allowed-hosts: " + bad.getMessage(), bad);
                }
            } else {
                names.add(hostName(e));
            }
        }
    }

    /**
     * Why the URL may not be called, or null if it may. Resolves its host (so it may block on DNS).
     *
     * @throws UnknownHostException if the host does not resolve
     */
    public String refusal(URI url) throws UnknownHostException {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return "the URL has no host";
        }
        if (names.contains(hostName(host))) {
            return null;
        }
        return refusal(url, InetAddress.getAllByName(host));
    }

    /** Why the URL, whose host has these addresses, may not be called; null if it may. */
    String refusal(URI url, InetAddress[] addresses) {
        String host = url.getHost();
        if (names.contains(hostName(host))) {
            return null;
        }
        for (InetAddress a : addresses) {
            String kind = AddressRanges.refusal(a);
            if (kind != null && !allowed(a)) {
                boolean literal = Cidr.isLiteral(host);
                return (literal ? host + " is a " : host + " resolves to " + a.getHostAddress() + ", a ") + kind
                        + " address: webhooks may only call public addresses, unless pulse.notifications.allowed-hosts"
                        + " allows the host";
            }
        }
        return null;
    }

    private boolean allowed(InetAddress a) {
        InetAddress inner = AddressRanges.embeddedIpv4(a);
        return ranges.stream().anyMatch(r -> r.contains(a) || r.contains(inner));
    }

    private static String hostName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
