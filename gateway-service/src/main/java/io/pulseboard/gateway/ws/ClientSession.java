package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.metrics.GatewayMetrics;
import io.pulseboard.gateway.routing.EventSample;
import io.pulseboard.gateway.routing.StateFrames;
import io.pulseboard.gateway.routing.Subscriber;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One connection's side of the fan-out: its outbound queue and the writes to its socket. {@link #deliver}
 * is called from the topic reader and only queues; the writes happen on the connection's event loop, at
 * most {@code maxInFlight} not yet written out at a time, so a client that does not read holds only its
 * own queue. A queue over its bound for longer than the slow-client timeout closes the connection with 1008.
 * Sampled events pass its {@link EventGate} first: an {@code event} frame is queued only below the bound, so
 * events never make a connection slow.
 */
final class ClientSession implements Subscriber {

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    /** The 1008 close code: the client violated the policy (here: it does not read fast enough). */
    static final int POLICY_VIOLATION = 1008;

    record Limits(int queueBound, Duration slowTimeout, int maxInFlight) {}

    private final WebSocketConnection connection;
    private final Context context;
    private final GatewayMetrics metrics;
    private final Limits limits;
    private final RateLimiter rate;
    private final EventGate events;
    private final OutboundQueue queue = new OutboundQueue();
    private int inFlight;
    private boolean draining;
    private long overSince;
    private boolean closed;

    ClientSession(
            WebSocketConnection connection,
            Context context,
            GatewayMetrics metrics,
            Limits limits,
            int messagesPerSecond,
            int eventsPerSecond) {
        this.connection = connection;
        this.context = context;
        this.metrics = metrics;
        this.limits = limits;
        this.rate = new RateLimiter(messagesPerSecond, System.nanoTime());
        this.events = new EventGate(eventsPerSecond, System::nanoTime);
    }

    String id() {
        return connection.id();
    }

    /** Whether one more client frame fits the rate limit (called on the event loop). */
    boolean admitFrame() {
        return rate.tryAcquire(System.nanoTime());
    }

    @Override
    public void deliver(String key, String frame) {
        deliver(key, frame, List.of());
    }

    @Override
    public void deliver(String key, String frame, Collection<String> carried) {
        boolean startDrain;
        boolean tooSlow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            int replaced = queue.offer(key, frame, carried);
            if (replaced > 0) {
                metrics.conflated(replaced);
            }
            if (queue.size() > limits.queueBound()) {
                long now = System.nanoTime();
                if (overSince == 0) {
                    overSince = now;
                } else {
                    tooSlow = now - overSince > limits.slowTimeout().toNanos();
                }
            }
            startDrain = !tooSlow && !draining && inFlight < limits.maxInFlight();
            draining |= startDrain;
        }
        if (tooSlow) {
            context.runOnContext(v -> closeAsSlow());
        } else if (startDrain) {
            context.runOnContext(v -> drain());
        }
    }

    @Override
    public void offerEvent(EventSample sample, boolean errorsOnly) {
        boolean startDrain;
        synchronized (this) {
            if (closed) {
                return;
            }
            EventGate.Verdict verdict = events.offer(sample, errorsOnly, queue.size() < limits.queueBound());
            switch (verdict) {
                case SEND -> {
                    queue.offer(null, StateFrames.event(sample.json(), events.takeSkipped()));
                    metrics.eventSent();
                }
                case RATE_LIMITED -> metrics.eventSkippedByLimit();
                case QUEUE_FULL -> metrics.eventSkippedByQueue();
                case NOT_FOLLOWED -> {}
            }
            startDrain = verdict == EventGate.Verdict.SEND && !draining && inFlight < limits.maxInFlight();
            draining |= startDrain;
        }
        if (startDrain) {
            context.runOnContext(v -> drain());
        }
    }

    /** Writes queued messages until the queue is empty or enough writes are pending. On the event loop. */
    private void drain() {
        while (true) {
            String frame;
            synchronized (this) {
                frame = closed || inFlight >= limits.maxInFlight() ? null : queue.poll();
                if (frame == null) {
                    draining = false;
                    return;
                }
                inFlight++;
                if (queue.size() <= limits.queueBound()) {
                    overSince = 0;
                }
            }
            connection.sendText(frame).subscribe().with(ok -> written(), this::writeFailed);
        }
    }

    private void written() {
        metrics.sent();
        boolean resume;
        synchronized (this) {
            inFlight--;
            resume = !draining && !closed && !queue.isEmpty();
            draining |= resume;
        }
        if (resume) {
            drain();
        }
    }

    private void writeFailed(Throwable failure) {
        LOG.debugf("write to connection %s failed: %s", connection.id(), failure);
        synchronized (this) {
            inFlight--;
            closed = true;
            queue.clear();
        }
    }

    /** Closes the connection when it has been over its bound for too long (the sweeper's check). */
    void checkSlow(long nowNanos) {
        boolean tooSlow;
        synchronized (this) {
            tooSlow = !closed
                    && overSince != 0
                    && nowNanos - overSince > limits.slowTimeout().toNanos();
        }
        if (tooSlow) {
            context.runOnContext(v -> closeAsSlow());
        }
    }

    private void closeAsSlow() {
        int waiting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            waiting = queue.size();
            queue.clear();
        }
        metrics.closedSlow();
        // A close reason is at most 123 bytes.
        String reason = "too slow: over " + limits.queueBound() + " messages waiting for more than "
                + limits.slowTimeout().toMillis() + " ms";
        LOG.infof(
                "closing connection %s with 1008: %d messages waiting for more than %d ms",
                connection.id(), waiting, limits.slowTimeout().toMillis());
        connection
                .close(new CloseReason(POLICY_VIOLATION, reason))
                .subscribe()
                .with(ok -> {}, failure -> LOG.debugf("closing connection %s failed: %s", connection.id(), failure));
    }

    /** The connection closed: nothing more is queued or written. */
    void closed() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
    }
}
