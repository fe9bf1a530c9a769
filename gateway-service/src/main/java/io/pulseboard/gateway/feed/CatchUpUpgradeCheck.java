package io.pulseboard.gateway.feed;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Refuses WebSocket upgrades with 503 and {@code Retry-After} until the topics have been read up to where
 * they were at start. A subscription answered earlier would get a partial snapshot and then the replayed,
 * older states of hours the client already has: its numbers would go backwards.
 */
@ApplicationScoped
public class CatchUpUpgradeCheck implements HttpUpgradeCheck {

    static final String RETRY_AFTER_SECONDS = "1";

    private final TopicFeed feed;

    CatchUpUpgradeCheck(TopicFeed feed) {
        this.feed = feed;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (feed.caughtUp()) {
            return CheckResult.permitUpgrade();
        }
        return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of(RETRY_AFTER_SECONDS)));
    }
}
