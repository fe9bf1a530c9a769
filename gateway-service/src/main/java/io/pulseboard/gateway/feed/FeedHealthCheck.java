package io.pulseboard.gateway.feed;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the topics have been read up to where they were at start, so that a subscription gets the
 * current state. (The Kafka client's own check makes readiness DOWN while the broker does not answer.)
 */
@Readiness
@ApplicationScoped
public class FeedHealthCheck implements HealthCheck {

    private final TopicFeed feed;

    FeedHealthCheck(TopicFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pulse-topic-feed").status(feed.caughtUp())
                .withData("status", feed.status()).build();
    }
}
