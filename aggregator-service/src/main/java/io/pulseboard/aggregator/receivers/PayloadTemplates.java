package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Expression;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.RawString;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolver;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The payload templates of receivers: Qute (used as a plain library, without reflection, so a
 * template reaches only its data model: maps, lists, strings and numbers, and Qute's built-in
 * operators and sections). The output is JSON, so every expression's value is JSON-escaped for a
 * place inside a JSON string ({@code "{alert.rule_name}"}); {@code {x.json}} writes a value as a JSON
 * literal instead (a quoted string, a number, {@code null}, an object). Literal text of the template
 * is written as it is.
 *
 * <p>Data model (a notification is a group of alerts, see {@link Grouper}): {@code alerts}, the
 * group's alerts, firing first, each as in the Alert's JSON (snake_case keys: {@code a.rule_name},
 * {@code a.labels.team}; unset values, and labels the alert lacks, are null and written as nothing);
 * {@code alert}, the first of them (for a one-alert notification, the alert); {@code group}, the
 * group key's values ({@code group.rule_id}, {@code group['labels.team']}); {@code firing} and
 * {@code resolved}, how many of each; and {@code receiver}, the receiver's name. Any other name is an
 * error, found when the template is saved (it is rendered with a sample alert and a sample group of
 * two then).
 */
@Singleton
public class PayloadTemplates {

    /**
     * For one alert, the Alert JSON as a rule's {@code webhook} receives it; for a group of several,
     * {@code {"receiver", "group", "alerts": [Alert...]}}.
     */
    public static final String GENERIC = "generic";
    /** A Slack-compatible message ({@code text} and {@code blocks}). */
    public static final String SLACK = "slack";

    /** The longest template text. */
    public static final int MAX_TEMPLATE = 16 * 1024;
    /** The longest rendered payload, in characters. */
    public static final int MAX_PAYLOAD = 1024 * 1024;
    /** Loops in loops: at most this deep (a loop over the labels in a loop over the labels). */
    static final int MAX_LOOP_DEPTH = 2;

    static final String GENERIC_TEXT = "{#if alerts.size == 1}{alert.json}{#else}"
            + "{ \"receiver\": {receiver.json}, \"group\": {group.json}, \"alerts\": {alerts.json} }{/if}";
    static final String SLACK_TEXT = """
            {#if alerts.size == 1}{ "text": "[{alert.state}] {alert.rule_name} on {alert.stream}: {alert.expr} (value {alert.value ?: 'none'})",
              "blocks": [
                { "type": "section",
                  "text": { "type": "mrkdwn",
                    "text": "*{alert.rule_name}* is *{alert.state}* on `{alert.stream}`\\n`{alert.expr}`: value {alert.value ?: 'none'}, threshold {alert.threshold}, severity {alert.severity}" } },
                { "type": "context",
                  "elements": [ { "type": "mrkdwn", "text": "{#for l in alert.labels}{l.key}={l.value}{#if l_hasNext}, {/if}{/for}{#if alert.labels.isEmpty}no labels{/if}" } ] }
              ] }{#else}{ "text": "{#if firing > 0}{firing} firing{#if resolved > 0}, {resolved} resolved{/if}{#else}{resolved} resolved{/if} on {alert.rule_name}: {#for a in alerts}{a.stream}{#if a_hasNext}, {/if}{/for}",
              "blocks": [
                { "type": "section",
                  "text": { "type": "mrkdwn",
                    "text": "*{alert.rule_name}*: {firing} firing, {resolved} resolved\\n`{alert.expr}`, severity {alert.severity}" } },
                { "type": "section",
                  "text": { "type": "mrkdwn",
                    "text": "{#for a in alerts}`{a.stream}` is *{a.state}*: value {a.value ?: 'none'}{#if a_hasNext}\\n{/if}{/for}" } },
                { "type": "context",
                  "elements": [ { "type": "mrkdwn", "text": "{#for l in alert.labels}{l.key}={l.value}{#if l_hasNext}, {/if}{/for}{#if alert.labels.isEmpty}no labels{/if}" } ] }
              ] }{/if}
            """;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(new JsonLiteral())
            .addValueResolver(new AnyLabel())
            .addResultMapper(new JsonEscaping())
            .build();
    private final Template generic = engine.parse(GENERIC_TEXT, null, GENERIC);
    private final Template slack = engine.parse(SLACK_TEXT, null, SLACK);

    /** The text of a ready template, or null if {@code name} names none. */
    public static String builtIn(String name) {
        return switch (name) {
            case GENERIC -> GENERIC_TEXT;
            case SLACK -> SLACK_TEXT;
            default -> null;
        };
    }

    /**
     * The template ({@code generic}, {@code slack}, or Qute text) parsed, and rendered once with a
     * sample alert and once with a sample group of two, so that a property that does not exist is
     * found when it is saved.
     *
     * @throws InvalidTemplate with Qute's message and, for text, the line and column
     */
    public Template compile(String template) {
        Template t = template(template);
        Alert one = sample("sample.stream", AlertState.FIRING);
        text(t, "sample", List.of(one), GroupKeys.of(Receiver.DEFAULT_GROUP_BY, one));
        text(
                t,
                "sample",
                List.of(one, sample("sample.other", AlertState.RESOLVED)),
                GroupKeys.of(Receiver.DEFAULT_GROUP_BY, one));
        return t;
    }

    /** The payload for one alert (a group of one, without key) from a template {@link #compile compiled} before. */
    public byte[] render(Template template, String receiver, Alert alert) {
        return text(template, receiver, List.of(alert), Map.of()).getBytes(StandardCharsets.UTF_8);
    }

    /** The payload for a group from a template {@link #compile compiled} before. */
    public byte[] render(Template template, Grouper.Batch batch) {
        return text(template, batch.receiver(), batch.alerts(), batch.group()).getBytes(StandardCharsets.UTF_8);
    }

    /** The payload for the alert. */
    public byte[] render(String template, String receiver, Alert alert) {
        return render(template(template), receiver, alert);
    }

    private Template template(String template) {
        if (GENERIC.equals(template)) {
            return generic;
        }
        if (SLACK.equals(template)) {
            return slack;
        }
        try {
            Template parsed = engine.parse(template, null, "template");
            checkLoops(parsed.getNodes(), 0);
            return parsed;
        } catch (TemplateException e) {
            throw InvalidTemplate.of(e);
        }
    }

    private static String text(Template t, String receiver, List<Alert> group, Map<String, String> key) {
        List<Alert> sorted = new ArrayList<>(group);
        sorted.sort(Grouper.ORDER);
        List<Map<String, Object>> alerts =
                sorted.stream().map(PayloadTemplates::model).toList();
        long firing =
                sorted.stream().filter(a -> a.state() == AlertState.FIRING).count();
        String out;
        try {
            out = t.data("alert", alerts.get(0))
                    .data("alerts", alerts)
                    .data("group", new Labels(key))
                    .data("firing", BigDecimal.valueOf(firing))
                    .data("resolved", BigDecimal.valueOf(sorted.size() - firing))
                    .data("receiver", receiver)
                    .render();
        } catch (TemplateException e) {
            throw InvalidTemplate.of(e);
        }
        if (out.length() > MAX_PAYLOAD) {
            throw new InvalidTemplate(
                    "renders " + out.length() + " characters; at most " + MAX_PAYLOAD + " are sent", null, null);
        }
        return out;
    }

    /**
     * Refuses loops whose work is not bounded by the alert: over a number ({@code {#for i in
     * 100000000}}), or nested deeper than {@link #MAX_LOOP_DEPTH}.
     */
    private static void checkLoops(List<TemplateNode> nodes, int depth) {
        for (TemplateNode node : nodes) {
            if (!(node instanceof SectionNode section)) {
                continue;
            }
            boolean loop = section.getHelper() instanceof LoopSectionHelper;
            if (loop) {
                if (depth + 1 > MAX_LOOP_DEPTH) {
                    throw new InvalidTemplate(
                            "loops are nested more than " + MAX_LOOP_DEPTH + " deep",
                            section.getOrigin().getLine(),
                            section.getOrigin().getLineCharacterStart());
                }
                for (Expression e : section.getBlocks().get(0).expressions.values()) {
                    if (e.isLiteral()) {
                        throw new InvalidTemplate(
                                "a loop may only go over the notification's data (alerts or alert.labels, say), not over '"
                                        + e.toOriginalString() + "'",
                                section.getOrigin().getLine(),
                                section.getOrigin().getLineCharacterStart());
                    }
                }
            }
            for (SectionBlock block : section.getBlocks()) {
                checkLoops(block.nodes, loop ? depth + 1 : depth);
            }
        }
    }

    /** The Alert's JSON as maps and lists: what templates see as {@code alert}. */
    static Map<String, Object> model(Alert alert) {
        Map<String, Object> map = new LinkedHashMap<>(PulseJson.mapper().convertValue(alert, MAP));
        map.put("labels", new Labels(alert.labels()));
        // Qute loops over an Integer or Long ({#for i in alert.revision}): whole numbers are decimals here.
        map.replaceAll((k, v) -> v instanceof Integer || v instanceof Long ? new BigDecimal(v.toString()) : v);
        return map;
    }

    private static Alert sample(String stream, AlertState state) {
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        return new Alert(
                "sample-" + stream,
                "sample-rule",
                "sample rule",
                stream,
                io.pulseboard.model.Severity.WARNING,
                state,
                "count > 1",
                2.0,
                1,
                at,
                at,
                state == AlertState.RESOLVED ? at : null,
                null,
                null,
                null,
                Map.of("team", "sample"),
                1);
    }

    /** A template that cannot be used: Qute's message, and where (line and column from 1) if known. */
    public static final class InvalidTemplate extends RuntimeException {

        private final Integer line;
        private final Integer column;

        InvalidTemplate(String message, Integer line, Integer column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        static InvalidTemplate of(TemplateException e) {
            // Rendering wraps the error that says where in one that says nothing.
            TemplateException where = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TemplateException te && te.getMessage() != null) {
                    where = te;
                    break;
                }
            }
            var origin = where.getOrigin();
            Integer line = origin == null || origin.getLine() <= 0 ? null : origin.getLine();
            Integer column =
                    origin == null || origin.getLineCharacterStart() <= 0 ? null : origin.getLineCharacterStart();
            String message = where.getMessage() == null ? String.valueOf(e) : where.getMessage();
            return new InvalidTemplate(message, line, column);
        }

        public Integer line() {
            return line;
        }

        public Integer column() {
            return column;
        }
    }

    /** JSON-escapes every expression's output (not a {@code .json} literal), for a place inside a JSON string. */
    private static final class JsonEscaping implements io.quarkus.qute.ResultMapper {

        @Override
        public boolean appliesTo(io.quarkus.qute.TemplateNode.Origin origin, Object result) {
            return !(result instanceof RawString);
        }

        @Override
        public String map(Object result, io.quarkus.qute.Expression expression) {
            return new String(JsonStringEncoder.getInstance().quoteAsString(result.toString()));
        }
    }

    /** The alert's labels: a label the alert lacks reads as null (labels differ from rule to rule). */
    private static final class Labels extends LinkedHashMap<String, String> {

        Labels(Map<String, String> labels) {
            super(labels);
        }
    }

    /** {@code alert.labels.NAME}: the label's value, or null if the alert has no such label. */
    private static final class AnyLabel implements ValueResolver {

        private static final java.util.Set<String> MAP_PROPERTIES =
                java.util.Set.of("keys", "keySet", "values", "entrySet", "size", "isEmpty", "get", "containsKey");

        @Override
        public int getPriority() {
            return io.quarkus.qute.WithPriority.DEFAULT_PRIORITY + 5;
        }

        @Override
        public boolean appliesTo(EvalContext context) {
            return context.getBase() instanceof Labels
                    && context.getParams().isEmpty()
                    && !MAP_PROPERTIES.contains(context.getName());
        }

        @Override
        public CompletionStage<Object> resolve(EvalContext context) {
            return CompletableFuture.completedFuture(((Labels) context.getBase()).get(context.getName()));
        }
    }

    /** {@code x.json}: the value as a JSON literal, written as it is. */
    private static final class JsonLiteral implements ValueResolver {

        @Override
        public int getPriority() {
            return io.quarkus.qute.WithPriority.DEFAULT_PRIORITY + 10; // before the map resolver reads "json" as a key
        }

        @Override
        public boolean appliesTo(EvalContext context) {
            return context.getName().equals("json") && context.getParams().isEmpty();
        }

        @Override
        public CompletionStage<Object> resolve(EvalContext context) {
            return CompletableFuture.completedFuture(new RawString(PulseJson.toJson(context.getBase())));
        }
    }
}
