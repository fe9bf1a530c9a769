package io.pulseboard.e2e;

import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka and PostgreSQL for the tests of one class: started before the first, stopped after
 * the last. Use as {@code @RegisterExtension static final InfraExtension infra = new InfraExtension();}.
 */
final class InfraExtension implements BeforeAllCallback, AfterAllCallback {

    private final InfraOptions options;
    private PulseInfra infra;

    InfraExtension() {
        this(InfraOptions.defaults());
    }

    InfraExtension(InfraOptions options) {
        this.options = options;
    }

    /** The running infrastructure (inside the class's tests). */
    PulseInfra get() {
        if (infra == null) {
            throw new IllegalStateException(
                    "the infrastructure is not started: register the extension as a static field");
        }
        return infra;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        infra = PulseInfra.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (infra != null) {
            infra.close();
            infra = null;
        }
    }
}
