/**
 * Alert evaluation and life cycle: per (rule, stream) state machines, alert storage and history,
 * {@code pulse.alerts}, webhooks and the alerts REST API.
 *
 * <h2>Where evaluation runs</h2>
 *
 * On the aggregator thread, against the partition states it owns
 * ({@link io.pulseboard.aggregator.alerts.AlertEvaluator}, called by the
 * {@link io.pulseboard.aggregator.pipeline.Aggregator} after each flush): the streams with changed
 * hours right away, every stream of the partition (and every stream with a live alert) at least once
 * per {@code pulse.alerts.evaluation-interval}, so {@code count < 10} fires for a silent stream. Only
 * the instance that owns a stream's partition evaluates it. The metric is computed over the rule's
 * window ending now (wall clock), or shifted back by an {@code offset}: a window of minutes from the
 * per-minute buckets in memory; a window of hours, or one shifted into hours memory no longer holds,
 * with roll-ups of stored hours or stored minutes that {@link io.pulseboard.aggregator.alerts.EarlierWindows}
 * reads in the background (a rule whose window is not at hand yet waits for a later pass). Rules are
 * found per stream through the rule table's cached glob index. A metric without data (a percentile of no values, the error rate of no
 * events) satisfies no expression; for the {@code resolve} expression, no data counts as resolved.
 *
 * <h2>Life cycle</h2>
 *
 * {@link io.pulseboard.aggregator.alerts.AlertTracker}: inactive, pending (for {@code for}), firing,
 * resolved (clear for {@code keep_firing_for}, clear meaning the condition is false and the
 * {@code resolve} expression holds), or back to inactive from pending. Each alert (one run from pending
 * to its end) has an id; a deleted, disabled or no longer matching rule ends its live alerts.
 *
 * <h2>Recording</h2>
 *
 * {@link io.pulseboard.aggregator.alerts.AlertRecorder} takes each change off the aggregator thread and,
 * in order, writes the alert row ({@code pulse_alert}, its latest state) and a history row
 * ({@code pulse_alert_history}) in one transaction, then publishes the Alert to {@code pulse.alerts}
 * (key {@code <rule id>/<stream>}) with the row's revision, then hands firing and resolved alerts,
 * as the rule's webhook makes them ({@link io.pulseboard.aggregator.receivers.Notifications}), or
 * grouped for its receiver ({@link io.pulseboard.aggregator.alerts.NotificationGroups}, one thread that
 * sends the groups that are due), to
 * the {@link io.pulseboard.aggregator.alerts.WebhookSender} (asynchronous, bounded, retried with
 * backoff, counted; only to targets {@link io.pulseboard.aggregator.webhooks.WebhookTargets} allows),
 * unless an active silence of the {@link io.pulseboard.aggregator.silences.SilenceTable} matches them:
 * then they are only counted, and the REST view names those silences in {@code silenced_by}. An acknowledgement ({@code POST /api/alerts/{id}/ack}) changes the row under the
 * same row lock, adds a history row and publishes the alert again with the next revision; it changes
 * no state. Time to acknowledge runs from firing (or pending) to the acknowledgement, time to resolve
 * from firing to resolution.
 *
 * <h2>Restart and rebalance</h2>
 *
 * The rows in state pending or firing are the live state of the (rule, stream) pairs; each row keeps
 * the partition of pulse.events that owns its stream. When partitions are assigned, the evaluator
 * reads their live rows back (in the Aggregator's assign path, before any of their records are
 * counted) and continues those alerts: a firing alert stays firing, with the same id, and fires no
 * second time; a pending one keeps its {@code pending_at}. When partitions are revoked, their queued
 * changes are written before the next owner reads them. Not kept: how long a firing alert has already
 * been clear, so after a move its {@code keep_firing_for} wait starts again (it resolves later, never
 * earlier).
 */
package io.pulseboard.aggregator.alerts;
