package io.pulseboard.aggregator.store;

import io.pulseboard.aggregator.support.HealthConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while PostgreSQL does not answer a query within the timeout. Replaces Quarkus's own
 * datasource checks, which wait 20 s for a connection to a server that accepts TCP but does not
 * answer (a hung or partitioned database): longer than any readiness probe waits.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements AsyncHealthCheck {

    private final Pool pool;
    private final Duration timeout;

    public DatabaseHealthCheck(Pool pool, HealthConfig health) {
        this.pool = pool;
        this.timeout = health.databaseTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("select 1")
                .execute()
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new IllegalStateException("no answer within " + timeout.toMillis() + " ms"))
                .map(rows -> HealthCheckResponse.named("PostgreSQL").up().build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("PostgreSQL")
                        .down()
                        .withData("error", String.valueOf(e.getMessage()))
                        .build());
    }
}
