package io.pulseboard.aggregator.rules;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the rule table has read pulse.rules up to where it ended at start-up. */
@Readiness
@ApplicationScoped
public class RulesHealthCheck implements HealthCheck {

    private final RuleTable table;

    public RulesHealthCheck(RuleTable table) {
        this.table = table;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Pulseboard rules")
                .status(table.caughtUp())
                .withData("rules", table.all().size())
                .build();
    }
}
