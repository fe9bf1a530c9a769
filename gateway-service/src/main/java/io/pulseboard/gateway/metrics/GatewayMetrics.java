package io.pulseboard.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.gateway.routing.Hub;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's Prometheus meters ({@code pulse_gateway_*} on /q/metrics), registered at start. */
@Startup
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter sent;
    private final Counter conflated;
    private final Counter closedSlow;
    private final Counter recordsRejected;
    private final Counter samplesRejected;
    private final Counter eventsSent;
    private final Counter eventsSkippedByLimit;
    private final Counter eventsSkippedByQueue;
    private final Counter deadLettersSent;

    public GatewayMetrics(MeterRegistry registry, Hub hub) {
        this.registry = registry;
        Gauge.builder("pulse.gateway.connections", connections, AtomicInteger::get)
                .description("Open WebSocket connections")
                .register(registry);
        Gauge.builder("pulse.gateway.subscriptions", hub, Hub::subscriptionCount)
                .description("Stream names and globs subscribed, all connections together")
                .register(registry);
        Gauge.builder("pulse.gateway.open.hours", hub, Hub::openHourCount)
                .description("Open (stream, hour) states held")
                .register(registry);
        Gauge.builder("pulse.gateway.minutes", hub, Hub::minuteCount)
                .description("(stream, minute) states of the last 60 minutes held")
                .register(registry);
        Gauge.builder("pulse.gateway.active.alerts", hub, Hub::activeAlertCount)
                .description("Active (pending or firing) alerts held")
                .register(registry);
        sent = Counter.builder("pulse.gateway.messages.sent")
                .description("Messages written to clients")
                .register(registry);
        conflated = Counter.builder("pulse.gateway.messages.conflated")
                .description(
                        "Queued messages replaced by a newer state of the same (stream, hour), (stream, minute) or alert before being sent")
                .register(registry);
        closedSlow = Counter.builder("pulse.gateway.connections.closed.slow")
                .description("Connections closed with 1008 for staying over their outbound bound")
                .register(registry);
        recordsRejected = Counter.builder("pulse.gateway.records.rejected")
                .description("Records on pulse.metrics, pulse.minutes or pulse.alerts that could not be read (skipped)")
                .register(registry);
        samplesRejected = Counter.builder("pulse.gateway.samples.rejected")
                .description("Records on pulse.samples that could not be read (skipped)")
                .register(registry);
        eventsSent = Counter.builder("pulse.gateway.events.sent")
                .description("event frames queued for connections (sampled events of their subscriptions)")
                .register(registry);
        eventsSkippedByLimit = eventsSkipped("rate_limit");
        eventsSkippedByQueue = eventsSkipped("queue_full");
        deadLettersSent = Counter.builder("pulse.gateway.dead.letters.sent")
                .description("dead_letters frames queued for connections")
                .register(registry);
    }

    private Counter eventsSkipped(String reason) {
        return Counter.builder("pulse.gateway.events.skipped")
                .tag("reason", reason)
                .description(
                        "Sampled events of a connection's subscriptions not sent to it (counted in its next event frame's skipped), "
                                + "by why: its event limit, or its outbound queue at its bound")
                .register(registry);
    }

    public void opened() {
        connections.incrementAndGet();
    }

    public void closed() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    public void sent() {
        sent.increment();
    }

    /** Waiting messages replaced by newer states. */
    public void conflated(int messages) {
        conflated.increment(messages);
    }

    public void closedSlow() {
        closedSlow.increment();
    }

    public void recordRejected() {
        recordsRejected.increment();
    }

    public void sampleRejected() {
        samplesRejected.increment();
    }

    public void eventSent() {
        eventsSent.increment();
    }

    /** An event not sent to a connection: over its event limit. */
    public void eventSkippedByLimit() {
        eventsSkippedByLimit.increment();
    }

    /** An event not sent to a connection: its outbound queue was at its bound. */
    public void eventSkippedByQueue() {
        eventsSkippedByQueue.increment();
    }

    /** A dead-letter notice queued for {@code connections} connections. */
    public void deadLettersSent(int connections) {
        deadLettersSent.increment(connections);
    }

    /** A client frame answered with an error, by its code. */
    public void frameRejected(String code) {
        registry.counter("pulse.gateway.frames.rejected", "code", code).increment();
    }
}
