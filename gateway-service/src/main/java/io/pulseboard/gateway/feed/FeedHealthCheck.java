package io.pulseboard.gateway.feed;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the topics have been read up to where they were at start, so that a subscription gets the
 * current state. (The Kafka client's own check makes readiness DOWN while the broker does not answer.) The
 * live feed of pulse.samples is read from its end and does not hold readiness back; its reader's status is
 * shown as {@code samples}.
 */
@Readiness
@ApplicationScoped
public class FeedHealthCheck implements HealthCheck {

    private final TopicFeed feed;
    private final SampleFeed samples;

    FeedHealthCheck(TopicFeed feed, SampleFeed samples) {
        this.feed = feed;
        this.samples = samples;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pulse-topic-feed")
                .status(feed.caughtUp())
                .withData("status", feed.status())
                .withData("samples", samples.status())
                .build();
    }
}
