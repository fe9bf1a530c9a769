package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.model.Alert;
import io.pulseboard.model.json.PulseJson;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * POSTs firing and resolved alerts (the Alert JSON) to their rule's webhook: asynchronously, with a
 * timeout per call and retries with exponential backoff for failures (no answer, or not 2xx).
 * Calls waiting or in flight are bounded; beyond the bound a call is dropped. Nothing here ever
 * blocks the caller, so a dead webhook cannot slow evaluation or consumption. Every outcome is
 * counted ({@code pulse.alerts.webhook.calls} by outcome: delivered, failed, dropped), and failures
 * are logged.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final AlertsConfig.Webhook config;
    private final HttpClient client;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pulse-webhook-retries");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore capacity;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Counter retried;

    public WebhookSender(AlertsConfig config, MeterRegistry registry) {
        this.config = config.webhook();
        this.client = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
        this.capacity = new Semaphore(this.config.queueSize());
        this.delivered = outcome(registry, "delivered", "Webhook calls answered with 2xx");
        this.failed = outcome(registry, "failed", "Webhook calls given up after the last attempt");
        this.dropped = outcome(registry, "dropped", "Webhook calls dropped because too many were waiting");
        this.retried = Counter.builder("pulse.alerts.webhook.retries").description("Webhook calls attempted again")
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome, String description) {
        return Counter.builder("pulse.alerts.webhook.calls").tag("outcome", outcome).description(description).register(registry);
    }

    /** Queues the call; returns at once. */
    public void send(String url, Alert alert) {
        if (!capacity.tryAcquire()) {
            dropped.increment();
            LOG.warnf("webhook %s: dropping alert %s (%s): %d calls are already waiting", url, alert.id(), alert.state().jsonName(),
                    config.queueSize());
            return;
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(PulseJson.toBytes(alert))).build();
        } catch (RuntimeException e) {
            capacity.release();
            failed.increment();
            LOG.warnf("webhook %s: cannot call it: %s", url, e.toString());
            return;
        }
        attempt(request, alert, 1);
    }

    private void attempt(HttpRequest request, Alert alert, int attempt) {
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
                LOG.warnf("webhook %s: alert %s (%s) not delivered after %d attempts: %s", request.uri(), alert.id(),
                        alert.state().jsonName(), attempt, why);
                return;
            }
            long wait = Math.min(config.maxBackoff().toMillis(), config.backoff().toMillis() << Math.min(20, attempt - 1));
            LOG.debugf("webhook %s: attempt %d failed (%s), again in %d ms", request.uri(), attempt, why, wait);
            retried.increment();
            try {
                retries.schedule(() -> attempt(request, alert, attempt + 1), wait, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                capacity.release(); // shutting down
            }
        });
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
