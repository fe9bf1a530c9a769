/**
 * Silences: time-bounded matchers (rule, stream glob, severity, labels) under which alerts still change
 * state and are recorded, but send no notification. Stored in PostgreSQL
 * ({@link io.pulseboard.aggregator.silences.SilenceResource}, {@code /api/silences}); every instance
 * holds the silences that are not over in its {@link io.pulseboard.aggregator.silences.SilenceTable},
 * read again every {@code pulse.silences.refresh-interval}, which the alerts package asks before each
 * webhook call and when answering alerts ({@code silenced_by}). Over silences are kept as history until
 * the alert-history retention ({@link io.pulseboard.aggregator.silences.SilenceStore}).
 */
package io.pulseboard.aggregator.silences;
