/**
 * Where webhooks may go: only public addresses, unless {@code pulse.notifications.allowed-hosts}
 * allows a host name, address or range ({@link io.pulseboard.aggregator.webhooks.WebhookTargets}).
 * The rules API checks a webhook when a rule is saved; the sender checks every resolved address again
 * before each call.
 */
package io.pulseboard.aggregator.webhooks;
