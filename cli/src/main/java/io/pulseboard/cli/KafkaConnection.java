package io.pulseboard.cli;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Option;

/** How every {@code pulse} command reaches Kafka, and finds out early when it cannot. */
final class KafkaConnection {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:PULSE_KAFKA:-localhost:9092}",
            description = "Kafka brokers (default: $PULSE_KAFKA or localhost:9092; now ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long Kafka may take to answer (to be reached, to take an event, to hand over records) "
                    + "before the command gives up with exit code 3 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The timeout in milliseconds, as Kafka's settings take it. */
    int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** The settings every client shares: where Kafka is and how long a request may take. */
    Properties clientConfig() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        return props;
    }

    /** The settings of an admin client or a consumer: also how long a blocking call may take. */
    Properties callerConfig() {
        Properties props = clientConfig();
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        return props;
    }

    /** Checks that the brokers answer and {@code topic} exists, before anything is read or written. */
    void requireTopic(String topic) throws BrokerUnreachableException {
        try (Admin admin = Admin.create(callerConfig())) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new BrokerUnreachableException("Kafka at " + bootstrapServers + " has no topic '"
                        + topic + "'; is this Pulseboard's Kafka?");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new BrokerUnreachableException("Kafka at " + bootstrapServers + " refused: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
    }

    BrokerUnreachableException unreachable() {
        return new BrokerUnreachableException("cannot reach Kafka at " + bootstrapServers + " within "
                + timeout.toMillis() / 1000.0 + " s (set --bootstrap-servers or PULSE_KAFKA, or a longer --timeout)");
    }
}
