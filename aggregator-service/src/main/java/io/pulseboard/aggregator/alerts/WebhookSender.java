package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.receivers.Notification;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.webhooks.WebhookTargets;
import io.pulseboard.aggregator.webhooks.WebhookUrls;
import io.pulseboard.model.Alert;
import io.pulseboard.model.json.PulseJson;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * POSTs firing and resolved alerts to their rule's webhook (the Alert JSON) or receiver (its rendered
 * template, with its headers and content type): asynchronously, with a
 * timeout per call and retries with exponential backoff for failures (no answer, or not 2xx).
 * Calls waiting or in flight are bounded; beyond the bound a call is dropped. Nothing here ever
 * blocks the caller, so a dead webhook cannot slow evaluation or consumption. Every outcome is
 * counted ({@code pulse.alerts.webhook.calls} by outcome: delivered, failed, dropped, refused), and
 * failures are logged, with the URL masked ({@link WebhookUrls#masked}): its path may hold a secret.
 *
 * <p>Before each attempt the host is resolved and every address checked by {@link WebhookTargets}:
 * a name that was public when the rule was saved may point at loopback or the private network now
 * (DNS rebinding), and the setting may have changed. A refused call is not retried. The client then
 * connects to what the JVM's lookup cache just returned, and never follows redirects (a 3xx is a
 * failure), so a target cannot send the call on to an address that was not checked.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final AlertsConfig.Webhook config;
    private final HttpClient client;
    private final ScheduledExecutorService retries = DaemonThreads.timer("pulse-webhook-retries");
    private final Semaphore capacity;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Counter refused;
    private final Counter retried;
    private final WebhookTargets targets;
    // Host lookups may block: never on the caller's thread or the client's.
    private final ExecutorService lookups =
            Executors.newFixedThreadPool(2, DaemonThreads.named("pulse-webhook-lookups"));
    /** URLs whose refusal was logged at WARN; later refusals of the same URL are only counted. */
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

    public WebhookSender(AlertsConfig config, WebhookTargets targets, MeterRegistry registry) {
        this.config = config.webhook();
        this.targets = targets;
        this.client = HttpClient.newBuilder()
                .connectTimeout(this.config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.capacity = new Semaphore(this.config.queueSize());
        this.delivered = outcome(registry, "delivered", "Webhook calls answered with 2xx");
        this.failed = outcome(registry, "failed", "Webhook calls given up after the last attempt");
        this.dropped = outcome(registry, "dropped", "Webhook calls dropped because too many were waiting");
        this.refused = outcome(registry, "refused", "Webhook calls refused: the target is not public and not allowed");
        this.retried = Counter.builder("pulse.alerts.webhook.retries")
                .description("Webhook calls attempted again")
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome, String description) {
        return Counter.builder("pulse.alerts.webhook.calls")
                .tag("outcome", outcome)
                .description(description)
                .register(registry);
    }

    /** Queues a call of the rule's plain webhook with the Alert JSON; returns at once. */
    public void send(String url, Alert alert) {
        send(new Notification(null, url, Map.of(), "application/json", PulseJson.toBytes(alert)), alert);
    }

    /** Queues the call for one alert; returns at once. */
    public void send(Notification notification, Alert alert) {
        send(notification, "alert " + alert.id() + " (" + alert.state().jsonName() + ")");
    }

    /** Queues the call; {@code what} says what it notifies, for logs. Returns at once. */
    public void send(Notification notification, String what) {
        String url = notification.target();
        if (!capacity.tryAcquire()) {
            dropped.increment();
            LOG.warnf("webhook %s: dropping %s: %d calls are already waiting", url, what, config.queueSize());
            return;
        }
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(notification.url()))
                    .timeout(config.timeout())
                    .header("Content-Type", notification.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(notification.body()));
            notification.headers().forEach(builder::header);
            request = builder.build();
        } catch (RuntimeException e) {
            capacity.release();
            failed.increment();
            // The message may quote a header, whose value may be secret: only its kind is logged.
            LOG.warnf("webhook %s: cannot call it: %s", url, e.getClass().getSimpleName());
            return;
        }
        attempt(request, what, 1);
    }

    private void attempt(HttpRequest request, String what, int attempt) {
        try {
            lookups.execute(() -> {
                String why;
                try {
                    why = targets.refusal(request.uri());
                } catch (UnknownHostException | RuntimeException e) {
                    why = null; // the call fails on it as well, and is retried like any failure
                }
                if (why != null) {
                    refuse(request, what, why);
                } else {
                    call(request, what, attempt);
                }
            });
        } catch (RejectedExecutionException e) {
            capacity.release(); // shutting down
        }
    }

    private void refuse(HttpRequest request, String what, String why) {
        capacity.release();
        refused.increment();
        String url = request.uri().toString();
        if (refusalsLogged.size() < 1000 && refusalsLogged.add(url)) {
            LOG.warnf(
                    "webhook %s: not called for %s: %s (further refusals of this URL are only counted)",
                    WebhookUrls.masked(url), what, why);
        } else {
            LOG.debugf("webhook %s: not called for %s: %s", WebhookUrls.masked(url), what, why);
        }
    }

    private void call(HttpRequest request, String what, int attempt) {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                capacity.release();
                delivered.increment();
                return;
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt >= config.attempts()) {
                capacity.release();
                failed.increment();
                LOG.warnf("webhook %s: %s not delivered after %d attempts: %s", masked(request), what, attempt, why);
                return;
            }
            long wait =
                    Math.min(config.maxBackoff().toMillis(), config.backoff().toMillis() << Math.min(20, attempt - 1));
            LOG.debugf("webhook %s: attempt %d failed (%s), again in %d ms", masked(request), attempt, why, wait);
            retried.increment();
            try {
                retries.schedule(() -> attempt(request, what, attempt + 1), wait, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                capacity.release(); // shutting down
            }
        });
    }

    /** The request's URL for logs: its path and query may hold a secret. */
    private static String masked(HttpRequest request) {
        return WebhookUrls.masked(request.uri().toString());
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
        lookups.shutdownNow();
    }
}
