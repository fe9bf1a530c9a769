package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.kafka.KafkaClientSettings;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Every rule of {@code pulse.rules}, as this instance knows them: a plain consumer assigned to all
 * partitions reads the compacted topic from the beginning at start-up and then follows it (no
 * consumer group, nothing committed), so every instance holds every rule, a change applies within
 * a poll, and a restarted instance has them all again.
 *
 * <p>Rules are matched to streams through a cache of stream name to matching enabled rules, dropped
 * on every change of the table, so evaluation does not run the globs of every rule for every stream.
 */
@ApplicationScoped
public class RuleTable {

    private static final Logger LOG = Logger.getLogger(RuleTable.class);

    private final KafkaClientSettings kafka;
    private final Duration poll;
    private final Duration startupWait;
    private final Map<String, CompiledRule> rules = new ConcurrentHashMap<>();
    private volatile Map<String, List<CompiledRule>> byStream = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public RuleTable(KafkaClientSettings kafka, RulesConfig config) {
        this.kafka = kafka;
        this.poll = config.pollInterval();
        this.startupWait = config.startupWait();
    }

    /**
     * A table of these rules that follows no topic and is caught up from the start: for evaluating
     * rules outside the application (the rule evaluation benchmark).
     */
    public static RuleTable of(Collection<CompiledRule> compiled, RulesConfig config) {
        RuleTable table = new RuleTable(null, config);
        compiled.forEach(r -> table.rules.put(r.id(), r));
        table.caughtUp = true;
        return table;
    }

    /** Starts following the topic and waits (a while) for every rule, so evaluation starts with all of them. */
    void start(@Observes StartupEvent event) {
        thread = DaemonThreads.named("pulse-rules").newThread(this::run);
        thread.start();
        long deadline = System.nanoTime() + startupWait.toNanos();
        while (!caughtUp && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (!caughtUp) {
            LOG.warnf("%s not read within %s; readiness stays DOWN until it is", Topics.RULES, startupWait);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** True once the topic has been read up to where it ended at start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The rule with this id, or null. */
    public CompiledRule get(String id) {
        return rules.get(id);
    }

    public Collection<CompiledRule> all() {
        return List.copyOf(rules.values());
    }

    /** The enabled rules whose glob matches the stream (cached until the table changes). */
    public List<CompiledRule> matching(String stream) {
        Map<String, List<CompiledRule>> cache = byStream;
        List<CompiledRule> found = cache.get(stream);
        if (found == null) {
            List<CompiledRule> list = new ArrayList<>();
            for (CompiledRule r : rules.values()) {
                if (r.enabled() && r.glob().matches(stream)) {
                    list.add(r);
                }
            }
            found = List.copyOf(list);
            cache.put(stream, found);
        }
        return found;
    }

    /** Applies one record of pulse.rules: a rule, or a tombstone (null value) that deletes it. */
    void apply(String id, byte[] value) {
        if (id == null) {
            return;
        }
        if (value == null) {
            rules.remove(id);
        } else {
            CompiledRule rule;
            try {
                AlertRule read = PulseJson.fromJson(value, AlertRule.class);
                rule = CompiledRule.compile(read);
            } catch (RuntimeException e) {
                LOG.errorf("ignoring the invalid rule %s on %s: %s", id, Topics.RULES, e.getMessage());
                return;
            }
            CompiledRule old = rules.get(id);
            // Two updates published in the other order: keep the newer version.
            if (old != null && version(old) > version(rule)) {
                return;
            }
            rules.put(id, rule);
        }
        byStream = new ConcurrentHashMap<>();
    }

    private static long version(CompiledRule r) {
        return r.rule().version() == null ? -1 : r.rule().version();
    }

    private void run() {
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("reading %s failed, starting over: %s", Topics.RULES, e.toString());
                sleep(1000);
            }
        }
    }

    private void follow() {
        Properties p = kafka.consumer();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-rules-table");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = c.partitionsFor(Topics.RULES, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(Topics.RULES, i.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            // Starting over after a failure reads everything again over the table as it is (a rule
            // deleted meanwhile has its tombstone in the topic).
            while (running) {
                for (ConsumerRecord<String, byte[]> r : c.poll(poll)) {
                    apply(r.key(), r.value());
                }
                if (!caughtUp && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                    caughtUp = true;
                    LOG.infof("rule table loaded from %s: %d rules", Topics.RULES, rules.size());
                }
            }
        } finally {
            consumer = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
