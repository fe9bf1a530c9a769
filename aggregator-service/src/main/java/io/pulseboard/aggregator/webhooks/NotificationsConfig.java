package io.pulseboard.aggregator.webhooks;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code pulse.notifications.*}: where notifications (rule webhooks, receivers) may be sent, and how receivers are known. */
public interface NotificationsConfig {

    /**
     * Host names, IP addresses and CIDR ranges (comma separated) that webhooks may call although they
     * are not public: loopback, link-local (the cloud metadata address among them), private,
     * unspecified, multicast or otherwise reserved. A host name entry allows URLs naming that host,
     * whatever it resolves to; an address or range allows the addresses in it. Empty (the default):
     * webhooks may only call public addresses.
     */
    Optional<List<String>> allowedHosts();

    /**
     * How often every instance reads the receivers from PostgreSQL (a change made through the
     * instance itself applies at once): a receiver changed elsewhere is used from then on.
     */
    @WithDefault("2s")
    Duration receiversRefresh();

    /**
     * At most this many notification groups (receiver and group key) are held on an instance; the
     * alerts of a group beyond it are not notified (counted in {@code pulse.notifications.group.overflow}).
     */
    @WithDefault("10000")
    int maxGroups();

    /**
     * At most this many alerts in one notification group; further alerts of the group are not
     * notified (counted in {@code pulse.notifications.group.overflow}).
     */
    @WithDefault("1000")
    int maxAlertsPerGroup();

    /** How often grouped notifications that are due are sent: the resolution of a receiver's group durations. */
    @WithDefault("1s")
    Duration groupTick();
}
