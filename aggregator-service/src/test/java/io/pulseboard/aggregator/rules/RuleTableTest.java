package io.pulseboard.aggregator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.config.Settings;
import io.pulseboard.aggregator.kafka.KafkaClientSettings;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Severity;
import io.pulseboard.model.json.PulseJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule table's handling of pulse.rules records and its glob index, without a broker. */
class RuleTableTest {

    private final RuleTable table = new RuleTable(
            new KafkaClientSettings(Map.of("bootstrap.servers", "unused:9092"), Map.of()),
            Settings.of(Map.of("pulse.rules.startup-wait", "0s")).rules());

    private static byte[] rule(String id, String stream, String expr, boolean enabled, long version) {
        return PulseJson.toBytes(new AlertRule(
                id,
                "n",
                stream,
                expr,
                null,
                null,
                null,
                null,
                Severity.INFO,
                enabled,
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                version));
    }

    @Test
    void appliesRulesUpdatesAndTombstones() {
        table.apply("r1", rule("r1", "checkout.*", "count > 1", true, 0));
        table.apply("r2", rule("r2", "**", "errors > 0", true, 0));
        table.apply("r3", rule("r3", "checkout.api", "rate > 1", false, 0));
        assertThat(table.matching("checkout.api")).extracting(CompiledRule::id).containsExactlyInAnyOrder("r1", "r2");
        assertThat(table.matching("billing.api")).extracting(CompiledRule::id).containsExactly("r2");

        // The cached answer follows every change.
        table.apply("r1", rule("r1", "billing.*", "count > 1", true, 1));
        assertThat(table.matching("checkout.api")).extracting(CompiledRule::id).containsExactly("r2");
        assertThat(table.matching("billing.api")).extracting(CompiledRule::id).containsExactlyInAnyOrder("r1", "r2");
        table.apply("r2", null);
        assertThat(table.get("r2")).isNull();
        assertThat(table.matching("billing.api")).extracting(CompiledRule::id).containsExactly("r1");
        table.apply("r3", rule("r3", "checkout.api", "rate > 1", true, 1));
        assertThat(table.matching("checkout.api")).extracting(CompiledRule::id).containsExactly("r3");
    }

    @Test
    void aTableOfGivenRulesIsCaughtUpWithoutTheTopic() {
        CompiledRule r1 = CompiledRule.compile(
                PulseJson.fromJson(rule("r1", "checkout.*", "count > 1", true, 0), AlertRule.class));
        RuleTable fixed = RuleTable.of(List.of(r1), Settings.defaults().rules());
        assertThat(fixed.caughtUp()).isTrue();
        assertThat(fixed.matching("checkout.api")).extracting(CompiledRule::id).containsExactly("r1");
        assertThat(fixed.matching("billing.api")).isEmpty();
        assertThat(table.caughtUp())
                .as("a table that follows the topic, before it has read it")
                .isFalse();
    }

    @Test
    void keepsTheNewerVersionAndSkipsWhatIsNoValidRule() {
        table.apply("r1", rule("r1", "a", "count > 2", true, 5));
        table.apply("r1", rule("r1", "a", "count > 1", true, 4));
        assertThat(table.get("r1").expr().toString()).isEqualTo("count > 2");

        table.apply("bad", rule("bad", "a", "p95(x >", true, 0));
        table.apply("junk", "not json".getBytes());
        table.apply(null, rule("x", "a", "count > 1", true, 0));
        assertThat(table.all()).extracting(CompiledRule::id).containsExactly("r1");
    }
}
