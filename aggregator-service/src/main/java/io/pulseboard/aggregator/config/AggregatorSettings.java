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
import io.pulseboard.aggregator.support.HealthConfig;
import io.pulseboard.aggregator.webhooks.NotificationsConfig;
import io.smallrye.config.ConfigMapping;

/**
 * Every {@code pulse.*} setting of the aggregator, in one mapping: the keys and their defaults are
 * documented in the feature interfaces below, and stated nowhere else (application.properties only
 * sets what differs, such as the test profile's values). Each key may also be set by its environment
 * variable ({@code pulse.aggregator.grace}: {@code PULSE_AGGREGATOR_GRACE}).
 *
 * <p>A {@code pulse.*} property that none of these groups knows fails start-up (a typo), except the
 * other modules' keys that {@link OtherModulesKeys} names. Classes inject their feature's group, produced by
 * {@link SettingsGroups}.
 */
@ConfigMapping(prefix = "pulse")
public interface AggregatorSettings {

    /** {@code pulse.aggregator.*}, with {@code pulse.aggregator.api.*}. */
    AggregatorConfig aggregator();

    /** {@code pulse.recent.*}. */
    RecentConfig recent();

    /** {@code pulse.samples.*}. */
    SamplesConfig samples();

    /** {@code pulse.retention.*}. */
    RetentionConfig retention();

    /** {@code pulse.rules.*}. */
    RulesConfig rules();

    /** {@code pulse.alerts.*}. */
    AlertsConfig alerts();

    /** {@code pulse.silences.*}. */
    SilencesConfig silences();

    /** {@code pulse.preview.*}. */
    PreviewConfig preview();

    /** {@code pulse.notifications.*}. */
    NotificationsConfig notifications();

    /** {@code pulse.http.*}. */
    HttpConfig http();

    /** {@code pulse.health.*}. */
    HealthConfig health();
}
