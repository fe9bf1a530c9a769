package io.pulseboard.infra;

import io.pulseboard.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the Kafka topics of the design (names in {@link Topics}) on a fresh broker. */
public final class TopicSetup {

    /** Every topic, in DESIGN.md's order. */
    public static final List<String> ALL = List.of(
            Topics.EVENTS,
            Topics.EVENTS_DLQ,
            Topics.METRICS,
            Topics.MINUTES,
            Topics.SAMPLES,
            Topics.ALERTS,
            Topics.RULES);

    private TopicSetup() {}

    /** The topic definitions: every topic with {@code partitions} partitions, replication factor 1, pulse.rules compacted, pulse.minutes kept 3 hours, pulse.samples 1 hour. */
    public static List<NewTopic> definitions(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : ALL) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (Topics.RULES.equals(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            } else if (Topics.MINUTES.equals(name)) {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.MINUTES_RETENTION_MS)));
            } else if (Topics.SAMPLES.equals(name)) {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.SAMPLES_RETENTION_MS)));
            }
            topics.add(topic);
        }
        return topics;
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are), then waits until
     * every partition of every topic has a leader.
     */
    public static void create(Admin admin, int partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : definitions(partitions)) {
            if (!existing.contains(topic.name())) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            createMissing(admin, missing, timeout);
        }
        awaitLeaders(admin, timeout);
    }

    private static void awaitLeaders(Admin admin, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ready = true;
            try {
                Map<String, TopicDescription> topics =
                        admin.describeTopics(ALL).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                for (TopicDescription d : topics.values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) {
                            ready = false;
                        }
                    }
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "the partitions of " + ALL + " have no leader after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static void createMissing(Admin admin, List<NewTopic> missing, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, KafkaFuture<Void>> results = admin.createTopics(
                        missing, new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Creates the topics on the cluster at {@code bootstrapServers}. */
    public static void create(String bootstrapServers, int partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Admin admin = openAdmin(bootstrapServers, timeout);
        try {
            create(admin, partitions, timeout);
        } finally {
            closeAdmin(admin);
        }
    }

    /** An AdminClient of the seam (created without the INFO dump of its configuration). */
    static Admin openAdmin(String bootstrapServers, Duration timeout) {
        return QuietKafkaLogs.quietly(() -> Admin.create(adminConfig(bootstrapServers, timeout)));
    }

    static void closeAdmin(Admin admin) {
        QuietKafkaLogs.quietly(() -> admin.close(Duration.ofSeconds(5)));
    }

    static Properties adminConfig(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-infra");
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(ms, 5000));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(Math.min(ms, 10_000), 2000));
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        return p;
    }
}
