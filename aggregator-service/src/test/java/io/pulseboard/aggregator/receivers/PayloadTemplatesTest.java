package io.pulseboard.aggregator.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Severity;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.qute.Template;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering of the ready and custom payload templates, their JSON escaping, and template errors. */
class PayloadTemplatesTest {

    private final PayloadTemplates templates = new PayloadTemplates();

    private static Alert alert(String ruleName, Map<String, String> labels) {
        Instant at = Instant.parse("2026-03-01T10:15:00Z");
        return new Alert(
                "a1",
                "r1",
                ruleName,
                "checkout.api",
                Severity.CRITICAL,
                AlertState.FIRING,
                "p95(latency_ms) > 500",
                612.5,
                500,
                at,
                at.plusSeconds(60),
                null,
                null,
                null,
                null,
                labels,
                3);
    }

    private JsonNode render(String template, Alert alert) throws Exception {
        byte[] body = templates.render(templates.compile(template), "ops", alert);
        return PulseJson.mapper().readTree(body);
    }

    @Test
    void genericIsTheAlertJson() throws Exception {
        Alert a = alert("checkout p95", Map.of("team", "payments"));
        assertThat(render("generic", a)).isEqualTo(PulseJson.mapper().readTree(PulseJson.toBytes(a)));
    }

    @Test
    void slackHasTextAndBlocks() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "payments");
        labels.put("env", "prod");
        JsonNode slack = render("slack", alert("checkout p95", labels));
        assertThat(slack.get("text").asText())
                .isEqualTo("[firing] checkout p95 on checkout.api: p95(latency_ms) > 500 (value 612.5)");
        assertThat(slack.get("blocks").isArray()).isTrue();
        JsonNode section = slack.get("blocks").get(0);
        assertThat(section.get("type").asText()).isEqualTo("section");
        assertThat(section.at("/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(section.at("/text/text").asText())
                .isEqualTo("*checkout p95* is *firing* on `checkout.api`\n"
                        + "`p95(latency_ms) > 500`: value 612.5, threshold 500.0, severity critical");
        assertThat(slack.at("/blocks/1/elements/0/text").asText()).isEqualTo("team=payments, env=prod");
    }

    @Test
    void slackWithoutLabelsOrValue() throws Exception {
        Alert a = alert("quiet", Map.of());
        Alert noValue = new Alert(
                a.id(),
                a.ruleId(),
                a.ruleName(),
                a.stream(),
                a.severity(),
                AlertState.RESOLVED,
                a.expr(),
                null,
                a.threshold(),
                a.pendingAt(),
                a.firingAt(),
                a.firingAt(),
                null,
                null,
                null,
                a.labels(),
                4);
        JsonNode slack = render("slack", noValue);
        assertThat(slack.get("text").asText())
                .isEqualTo("[resolved] quiet on checkout.api: p95(latency_ms) > 500 (value none)");
        assertThat(slack.at("/blocks/1/elements/0/text").asText()).isEqualTo("no labels");
    }

    private static Alert on(String stream, AlertState state) {
        Alert a = alert("checkout p95", Map.of("team", "payments"));
        return new Alert(
                a.id() + stream,
                a.ruleId(),
                a.ruleName(),
                stream,
                a.severity(),
                state,
                a.expr(),
                a.value(),
                a.threshold(),
                a.pendingAt(),
                a.firingAt(),
                state == AlertState.RESOLVED ? a.firingAt() : null,
                null,
                null,
                null,
                a.labels(),
                a.revision());
    }

    private JsonNode render(String template, Grouper.Batch batch) throws Exception {
        return PulseJson.mapper().readTree(templates.render(templates.compile(template), batch));
    }

    private static Grouper.Batch group(Alert... alerts) {
        return new Grouper.Batch("ops", Map.of("rule_id", "r1"), java.util.List.of(alerts));
    }

    @Test
    void genericOfAOneAlertGroupIsTheAlertJson() throws Exception {
        Alert a = on("checkout.api", AlertState.FIRING);
        assertThat(render("generic", group(a))).isEqualTo(PulseJson.mapper().readTree(PulseJson.toBytes(a)));
    }

    @Test
    void genericOfSeveralListsTheGroupsAlertsFiringFirst() throws Exception {
        Alert b = on("b.api", AlertState.RESOLVED);
        Alert c = on("c.api", AlertState.FIRING);
        Alert a = on("a.api", AlertState.FIRING);
        JsonNode out = render("generic", group(b, c, a));
        assertThat(out.get("receiver").asText()).isEqualTo("ops");
        assertThat(out.at("/group/rule_id").asText()).isEqualTo("r1");
        assertThat(out.get("alerts")).hasSize(3);
        assertThat(out.get("alerts").get(0)).isEqualTo(PulseJson.mapper().readTree(PulseJson.toBytes(a)));
        assertThat(out.get("alerts").get(1)).isEqualTo(PulseJson.mapper().readTree(PulseJson.toBytes(c)));
        assertThat(out.get("alerts").get(2)).isEqualTo(PulseJson.mapper().readTree(PulseJson.toBytes(b)));
    }

    @Test
    void slackOfAGroupListsItsStreams() throws Exception {
        JsonNode slack = render(
                "slack",
                group(on("c.api", AlertState.FIRING), on("a.api", AlertState.FIRING), on("b.api", AlertState.FIRING)));
        assertThat(slack.get("text").asText()).isEqualTo("3 firing on checkout p95: a.api, b.api, c.api");
        assertThat(slack.at("/blocks/0/text/text").asText())
                .isEqualTo("*checkout p95*: 3 firing, 0 resolved\n`p95(latency_ms) > 500`, severity critical");
        assertThat(slack.at("/blocks/1/text/text").asText())
                .isEqualTo(
                        "`a.api` is *firing*: value 612.5\n`b.api` is *firing*: value 612.5\n`c.api` is *firing*: value 612.5");
        assertThat(slack.at("/blocks/2/elements/0/text").asText()).isEqualTo("team=payments");

        JsonNode mixed = render("slack", group(on("a.api", AlertState.RESOLVED), on("b.api", AlertState.FIRING)));
        assertThat(mixed.get("text").asText()).isEqualTo("1 firing, 1 resolved on checkout p95: b.api, a.api");
        JsonNode over = render("slack", group(on("a.api", AlertState.RESOLVED), on("b.api", AlertState.RESOLVED)));
        assertThat(over.get("text").asText()).isEqualTo("2 resolved on checkout p95: a.api, b.api");
    }

    @Test
    void customTemplateSeesTheGroup() throws Exception {
        String template = """
                {"receiver": "{receiver}", "rule": "{group.rule_id}", "firing": {firing}, "resolved": {resolved},
                 "streams": [{#for a in alerts}"{a.stream}"{#if a_hasNext}, {/if}{/for}], "first": "{alert.stream}"}""";
        JsonNode out = render(template, group(on("b.api", AlertState.RESOLVED), on("a.api", AlertState.FIRING)));
        assertThat(out.get("receiver").asText()).isEqualTo("ops");
        assertThat(out.get("rule").asText()).isEqualTo("r1");
        assertThat(out.get("firing").asInt()).isEqualTo(1);
        assertThat(out.get("resolved").asInt()).isEqualTo(1);
        assertThat(out.get("streams").toString()).isEqualTo("[\"a.api\",\"b.api\"]");
        assertThat(out.get("first").asText()).isEqualTo("a.api");
    }

    @Test
    void anUnknownPropertyOnlyAGroupReachesIsFoundWhenCompiled() {
        String template = "{#if alerts.size == 1}{alert.stream}{#else}{alerts.0.strem}{/if}";
        assertThatThrownBy(() -> templates.compile(template))
                .isInstanceOfSatisfying(
                        PayloadTemplates.InvalidTemplate.class,
                        e -> assertThat(e.getMessage()).contains("strem"));
    }

    @Test
    void customTemplateSeesTheDataModel() throws Exception {
        String template = """
                {"summary": "{alert.rule_name} ({alert.severity}) via {receiver}",
                 "team": "{alert.labels.team}", "value": {alert.value.json}, "resolved_at": {alert.resolved_at.json},
                 "labels": {alert.labels.json}, "streams": ["{alert.stream}"]}""";
        JsonNode out = render(template, alert("checkout p95", Map.of("team", "payments")));
        assertThat(out.get("summary").asText()).isEqualTo("checkout p95 (critical) via ops");
        assertThat(out.get("team").asText()).isEqualTo("payments");
        assertThat(out.get("value").asDouble()).isEqualTo(612.5);
        assertThat(out.get("resolved_at").isNull()).isTrue();
        assertThat(out.get("labels").get("team").asText()).isEqualTo("payments");
        assertThat(out.at("/streams/0").asText()).isEqualTo("checkout.api");
        // A label the alert lacks is empty, not an error: rules differ in their labels.
        assertThat(render("{\"x\": \"{alert.labels.owner}\"}", alert("n", Map.of()))
                        .get("x")
                        .asText())
                .isEmpty();
    }

    @Test
    void valuesAreJsonEscaped() throws Exception {
        String nasty = "say \"hi\"\nthen \\ leave\t</script> \u0001";
        Alert a = alert(nasty, Map.of("note", "a\"b"));
        for (String template :
                new String[] {"slack", "generic", "{\"name\": \"{alert.rule_name}\", \"note\": \"{alert.labels.note}\"}"
                }) {
            String body = new String(templates.render(templates.compile(template), "ops", a), StandardCharsets.UTF_8);
            JsonNode parsed = PulseJson.mapper().readTree(body); // valid JSON, or this throws
            assertThat(parsed.toString()).as(template).contains("say \\\"hi\\\"\\nthen \\\\ leave");
        }
        JsonNode custom = render("{\"name\": \"{alert.rule_name}\"}", a);
        assertThat(custom.get("name").asText()).isEqualTo(nasty);
    }

    @Test
    void aSyntaxErrorNamesItsLine() {
        String template = "{\n  \"text\": \"{alert.rule_name}\",\n  \"x\": \"{#if alert.value}yes\"\n}";
        assertThatThrownBy(() -> templates.compile(template))
                .isInstanceOfSatisfying(PayloadTemplates.InvalidTemplate.class, e -> {
                    assertThat(e.line()).isNotNull().isBetween(3, 4);
                    assertThat(e.getMessage()).containsIgnoringCase("if");
                });
    }

    @Test
    void anUnknownPropertyIsFoundWhenCompiled() {
        assertThatThrownBy(() -> templates.compile("{\"x\": \"{alert.rule_nmae}\"}"))
                .isInstanceOfSatisfying(PayloadTemplates.InvalidTemplate.class, e -> {
                    assertThat(e.getMessage()).contains("rule_nmae");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void noJavaMethodsAreReachable() {
        // Without reflection a template reaches its data only: no getClass, no toString of Java objects.
        assertThatThrownBy(() -> templates.compile("{alert.getClass}"))
                .isInstanceOf(PayloadTemplates.InvalidTemplate.class);
        assertThatThrownBy(() -> templates.compile("{alert.rule_name.getClass.forName('java.lang.Runtime')}"))
                .isInstanceOf(PayloadTemplates.InvalidTemplate.class);
    }

    @Test
    void loopsAreBoundedByTheAlert() {
        assertThatThrownBy(() -> templates.compile("{#for i in 100000000}{alert.rule_name}{/for}"))
                .isInstanceOf(PayloadTemplates.InvalidTemplate.class)
                .hasMessageContaining("not over '100000000'");
        assertThatThrownBy(() -> templates.compile("{#for i in alert.revision}{i}{/for}"))
                .isInstanceOf(PayloadTemplates.InvalidTemplate.class)
                .hasMessageContaining("not iterable");
        String deep = "{#for a in alert.labels}{#for b in alert.labels}{#for c in alert.labels}x{/for}{/for}{/for}";
        assertThatThrownBy(() -> templates.compile(deep))
                .isInstanceOfSatisfying(PayloadTemplates.InvalidTemplate.class, e -> {
                    assertThat(e.getMessage()).contains("nested more than 2 deep");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void aPayloadBeyondTheLimitIsRefused() {
        String big = "{#for a in alert.labels}{#for b in alert.labels}" + "x".repeat(PayloadTemplates.MAX_PAYLOAD / 2)
                + "{/for}{/for}";
        PayloadTemplates.InvalidTemplate refused = null;
        try {
            Template compiled = templates.compile(big); // the sample alert has one label: it fits
            templates.render(compiled, "ops", alert("n", Map.of("a", "1", "b", "2")));
        } catch (PayloadTemplates.InvalidTemplate e) {
            refused = e;
        }
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("at most " + PayloadTemplates.MAX_PAYLOAD + " are sent");
    }
}
