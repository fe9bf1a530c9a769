package io.pulseboard.aggregator.config;

import io.pulseboard.aggregator.alerts.AlertsConfig;
import io.pulseboard.aggregator.api.HttpConfig;
import io.pulseboard.aggregator.pipeline.AggregatorConfig;
import io.pulseboard.aggregator.preview.PreviewConfig;
import io.pulseboard.aggregator.recent.RecentConfig;
import io.pulseboard.aggregator.recent.SamplesConfig;
import io.pulseboard.aggregator.rules.RulesConfig;
import io.pulseboard.aggregator.silences.SilencesConfig;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.pulseboard.aggregator.streams.ApiConfig;
import io.pulseboard.aggregator.support.HealthConfig;
import io.pulseboard.aggregator.webhooks.NotificationsConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The groups of {@link AggregatorSettings} as beans: only a mapping's root is injectable, and a feature
 * should see its own settings, not depend on the whole service's.
 */
@Singleton
public class SettingsGroups {

    private final AggregatorSettings settings;

    SettingsGroups(AggregatorSettings settings) {
        this.settings = settings;
    }

    @Produces
    @Singleton
    AggregatorConfig aggregator() {
        return settings.aggregator();
    }

    @Produces
    @Singleton
    ApiConfig api() {
        return settings.aggregator().api();
    }

    @Produces
    @Singleton
    RecentConfig recent() {
        return settings.recent();
    }

    @Produces
    @Singleton
    SamplesConfig samples() {
        return settings.samples();
    }

    @Produces
    @Singleton
    RetentionConfig retention() {
        return settings.retention();
    }

    @Produces
    @Singleton
    RulesConfig rules() {
        return settings.rules();
    }

    @Produces
    @Singleton
    AlertsConfig alerts() {
        return settings.alerts();
    }

    @Produces
    @Singleton
    SilencesConfig silences() {
        return settings.silences();
    }

    @Produces
    @Singleton
    PreviewConfig preview() {
        return settings.preview();
    }

    @Produces
    @Singleton
    NotificationsConfig notifications() {
        return settings.notifications();
    }

    @Produces
    @Singleton
    HttpConfig http() {
        return settings.http();
    }

    @Produces
    @Singleton
    HealthConfig health() {
        return settings.health();
    }
}
