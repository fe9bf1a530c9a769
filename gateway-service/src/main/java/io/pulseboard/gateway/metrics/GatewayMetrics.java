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

    public GatewayMetrics(MeterRegistry registry, Hub hub) {
        this.registry = registry;
        Gauge.builder("pulse.gateway.connections", connections, AtomicInteger::get)
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("pulse.gateway.subscriptions", hub, Hub::subscriptionCount)
                .description("Stream names and globs subscribed, all connections together").register(registry);
        Gauge.builder("pulse.gateway.open.hours", hub, Hub::openHourCount)
                .description("Open (stream, hour) states held").register(registry);
        Gauge.builder("pulse.gateway.minutes", hub, Hub::minuteCount)
                .description("(stream, minute) states of the last 60 minutes held").register(registry);
        Gauge.builder("pulse.gateway.active.alerts", hub, Hub::activeAlertCount)
                .description("Active (pending or firing) alerts held").register(registry);
        sent = Counter.builder("pulse.gateway.messages.sent").description("Messages written to clients").register(registry);
        conflated = Counter.builder("pulse.gateway.messages.conflated")
                .description("Queued messages replaced by a newer state of the same (stream, hour), (stream, minute) or alert before being sent")
                .register(registry);
        closedSlow = Counter.builder("pulse.gateway.connections.closed.slow")
                .description("Connections closed with 1008 for staying over their outbound bound").register(registry);
        recordsRejected = Counter.builder("pulse.gateway.records.rejected")
                .description("Records on pulse.metrics, pulse.minutes or pulse.alerts that could not be read (skipped)").register(registry);
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

    /** A client frame answered with an error, by its code. */
    public void frameRejected(String code) {
        registry.counter("pulse.gateway.frames.rejected", "code", code).increment();
    }
}
