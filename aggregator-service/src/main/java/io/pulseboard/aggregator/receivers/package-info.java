/**
 * Notification receivers: named targets (url, headers, payload template) that rules name instead of
 * a webhook.
 *
 * <h2>REST and storage</h2>
 *
 * {@code GET/POST /api/receivers}, {@code GET/PUT/DELETE /api/receivers/{name}}
 * ({@link io.pulseboard.aggregator.receivers.ReceiverResource}), stored in {@code pulse_receiver}.
 * Header values are write-only: answers show {@code "***"}, and a PUT sending a header without a
 * value keeps the stored one. {@code pulse_rule.receiver} is a foreign key, so a receiver a rule
 * names cannot be deleted (409 listing the rules).
 *
 * <h2>Templates</h2>
 *
 * {@link io.pulseboard.aggregator.receivers.PayloadTemplates}: Qute without reflection, every
 * expression JSON-escaped, {@code x.json} for JSON literals; {@code generic} and {@code slack} ready.
 *
 * <h2>Sending</h2>
 *
 * Every instance's {@link io.pulseboard.aggregator.receivers.ReceiverDirectory} reads the receivers
 * every {@code pulse.notifications.receivers-refresh} and after a local change;
 * {@link io.pulseboard.aggregator.receivers.Notifications} turns a rule's alert change into a
 * {@link io.pulseboard.aggregator.receivers.Notification} for its plain webhook, and a receiver's due
 * group ({@link io.pulseboard.aggregator.receivers.Grouper}: {@code group_by}, {@code group_wait},
 * {@code group_interval}, {@code repeat_interval}, bounded) into one for the receiver; the alerts
 * package holds the groups on a thread of its own and its webhook sender POSTs. This package uses neither the rules nor the alerts package (they use
 * it).
 */
package io.pulseboard.aggregator.receivers;
