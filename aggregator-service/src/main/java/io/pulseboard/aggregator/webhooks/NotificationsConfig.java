package io.pulseboard.aggregator.webhooks;

import java.util.List;
import java.util.Optional;

/** {@code pulse.notifications.*}: where notifications (rule webhooks) may be sent. */
public interface NotificationsConfig {

    /**
     * Host names, IP addresses and CIDR ranges (comma separated) that webhooks may call although they
     * are not public: loopback, link-local (the cloud metadata address among them), private,
     * unspecified, multicast or otherwise reserved. A host name entry allows URLs naming that host,
     * whatever it resolves to; an address or range allows the addresses in it. Empty (the default):
     * webhooks may only call public addresses.
     */
    Optional<List<String>> allowedHosts();
}
