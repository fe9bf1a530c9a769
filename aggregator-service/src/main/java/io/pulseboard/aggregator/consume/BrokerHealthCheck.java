package io.pulseboard.aggregator.consume;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the Kafka cluster does not describe itself within the timeout. Replaces Quarkus's
 * Kafka check, which waits a minute on a broker that accepts connections but does not answer.
 */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    private final BrokerAdmin broker;

    public BrokerHealthCheck(BrokerAdmin broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        long millis = broker.timeout().toMillis();
        try {
            String nodes = broker
                    .admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs((int) millis))
                    .nodes()
                    .get(millis + 500, TimeUnit.MILLISECONDS)
                    .stream()
                    .map(n -> n.host() + ":" + n.port())
                    .collect(Collectors.joining(","));
            return HealthCheckResponse.named("Kafka")
                    .up()
                    .withData("nodes", nodes)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("Kafka")
                    .down()
                    .withData("error", "interrupted")
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("Kafka")
                    .down()
                    .withData("error", "no answer within " + millis + " ms: " + e)
                    .build();
        }
    }
}
