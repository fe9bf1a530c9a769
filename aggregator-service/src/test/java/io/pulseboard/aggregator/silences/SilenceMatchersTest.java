package io.pulseboard.aggregator.silences;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each matcher alone, and together: every matcher given must match. */
class SilenceMatchersTest {

    private static final Alert ALERT =
            alert("r1", "checkout.api", Severity.CRITICAL, Map.of("team", "payments", "env", "prod"));

    @Test
    void ruleIdMatchesExactly() {
        assertThat(matchers("r1", null, null, Map.of()).matches(ALERT)).isTrue();
        assertThat(matchers("r2", null, null, Map.of()).matches(ALERT)).isFalse();
        assertThat(matchers("r", null, null, Map.of()).matches(ALERT)).isFalse();
    }

    @Test
    void streamMatchesAsNameOrGlob() {
        assertThat(matchers(null, "checkout.api", null, Map.of()).matches(ALERT))
                .isTrue();
        assertThat(matchers(null, "checkout.*", null, Map.of()).matches(ALERT)).isTrue();
        assertThat(matchers(null, "**", null, Map.of()).matches(ALERT)).isTrue();
        assertThat(matchers(null, "checkout.web", null, Map.of()).matches(ALERT))
                .isFalse();
        assertThat(matchers(null, "billing.*", null, Map.of()).matches(ALERT)).isFalse();
        assertThat(matchers(null, "checkout", null, Map.of()).matches(ALERT)).isFalse();
    }

    @Test
    void severityMatchesExactly() {
        assertThat(matchers(null, null, Severity.CRITICAL, Map.of()).matches(ALERT))
                .isTrue();
        assertThat(matchers(null, null, Severity.WARNING, Map.of()).matches(ALERT))
                .isFalse();
    }

    @Test
    void everyLabelGivenMustBeEqual() {
        assertThat(matchers(null, null, null, Map.of("team", "payments")).matches(ALERT))
                .isTrue();
        assertThat(matchers(null, null, null, Map.of("team", "payments", "env", "prod"))
                        .matches(ALERT))
                .isTrue();
        assertThat(matchers(null, null, null, Map.of("team", "payments", "env", "staging"))
                        .matches(ALERT))
                .isFalse();
        assertThat(matchers(null, null, null, Map.of("team", "Payments")).matches(ALERT))
                .isFalse();
        assertThat(matchers(null, null, null, Map.of("region", "eu")).matches(ALERT))
                .as("a label the alert lacks")
                .isFalse();
        assertThat(matchers(null, null, null, Map.of("team", "payments"))
                        .matches(alert("r1", "checkout.api", Severity.CRITICAL, Map.of())))
                .isFalse();
    }

    @Test
    void combinedMatchersMustAllMatch() {
        SilenceMatchers all = matchers("r1", "checkout.*", Severity.CRITICAL, Map.of("team", "payments"));
        assertThat(all.matches(ALERT)).isTrue();
        assertThat(all.matches(alert("r2", "checkout.api", Severity.CRITICAL, Map.of("team", "payments"))))
                .isFalse();
        assertThat(all.matches(alert("r1", "billing.api", Severity.CRITICAL, Map.of("team", "payments"))))
                .isFalse();
        assertThat(all.matches(alert("r1", "checkout.api", Severity.INFO, Map.of("team", "payments"))))
                .isFalse();
        assertThat(all.matches(alert("r1", "checkout.api", Severity.CRITICAL, Map.of("team", "search"))))
                .isFalse();
    }

    @Test
    void noMatcherIsEmpty() {
        assertThat(matchers(null, null, null, Map.of()).isEmpty()).isTrue();
        assertThat(matchers(null, null, null, null).isEmpty()).isTrue();
        assertThat(matchers(null, null, null, Map.of("team", "x")).isEmpty()).isFalse();
    }

    static SilenceMatchers matchers(String rule, String stream, Severity severity, Map<String, String> labels) {
        return new SilenceMatchers(rule, stream, severity, labels);
    }

    static Alert alert(String rule, String stream, Severity severity, Map<String, String> labels) {
        return new Alert(
                "a1",
                rule,
                "rule " + rule,
                stream,
                severity,
                AlertState.FIRING,
                "count > 1",
                5.0,
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                labels,
                1);
    }
}
