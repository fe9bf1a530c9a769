package io.pulseboard.aggregator.consume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.pulseboard.aggregator.pipeline.Aggregator;
import io.pulseboard.aggregator.pipeline.AggregatorConfig;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.model.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Consumer lag as this instance counts it: per owned partition of pulse.events, the log end offset
 * minus the offset of the next record the aggregator will count (not the fetch position, which
 * runs ahead of counting). Exposed as {@code pulse_aggregator_consumer_lag{partition}} and its sum
 * {@code pulse_aggregator_consumer_lag_total}; refreshed every {@code pulse.aggregator.lag-interval}.
 */
@ApplicationScoped
public class LagMonitor {

    private static final Logger LOG = Logger.getLogger(LagMonitor.class);

    private final Aggregator aggregator;
    private final BrokerAdmin broker;
    private final Duration interval;
    private final MultiGauge perPartition;
    private final AtomicLong total = new AtomicLong();
    private ScheduledExecutorService timer;

    public LagMonitor(Aggregator aggregator, BrokerAdmin broker, MeterRegistry registry, AggregatorConfig config) {
        this.aggregator = aggregator;
        this.broker = broker;
        this.interval = config.lagInterval();
        this.perPartition = MultiGauge.builder("pulse.aggregator.consumer.lag")
                .description("Records of pulse.events not yet counted, per partition this instance owns")
                .register(registry);
        Gauge.builder("pulse.aggregator.consumer.lag.total", total, AtomicLong::get)
                .description("Records of pulse.events not yet counted, over the partitions this instance owns")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = DaemonThreads.timer("pulse-lag-monitor");
        long every = Math.max(100, interval.toMillis());
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refresh() {
        Map<Integer, Long> positions = aggregator.positions();
        if (positions.isEmpty()) {
            perPartition.register(List.of(), true);
            total.set(0);
            return;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        positions.keySet().forEach(p -> request.put(new TopicPartition(Topics.EVENTS, p), OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = broker.admin()
                    .listOffsets(request)
                    .all()
                    .get(broker.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            long sum = 0;
            List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
            for (var end : ends.entrySet()) {
                Long position = positions.get(end.getKey().partition());
                long lag = Math.max(0, end.getValue().offset() - position);
                sum += lag;
                rows.add(MultiGauge.Row.of(
                        Tags.of("partition", Integer.toString(end.getKey().partition())), lag));
            }
            perPartition.register(rows, true);
            total.set(sum);
        } catch (Exception e) {
            // Kafka unreachable: readiness says so; keep the last figures rather than report a false 0.
            LOG.debugf("consumer lag not refreshed: %s", e.toString());
        }
    }
}
