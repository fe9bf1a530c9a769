package io.pulseboard.aggregator.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.alerts.AlertsConfig;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.aggregator.rules.FieldError;
import io.pulseboard.aggregator.rules.RuleBodies;
import io.pulseboard.aggregator.rules.RuleInput;
import io.pulseboard.aggregator.rules.RuleValidator;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.aggregator.store.MinuteStore;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.aggregator.support.WrittenDurations;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/rules/preview}: when a rule would have fired and resolved over the stored rows,
 * without saving it (see docs/design.md, "Rule preview"): minute rows for windows up to 60 minutes,
 * hourly rows for longer ones. The rule is validated as on save; every matching stream with rows in
 * the range its windows read (offsets included) is replayed ({@link Replay}) one after the other,
 * off the event loop.
 */
@Path("/api/rules/preview")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alert rules")
public class PreviewResource {

    private static final Set<String> FIELDS = Set.of("rule", "from", "to", "step");
    private static final Duration MIN_STEP = Duration.ofMinutes(1);
    /**
     * The least default step of a window of hours: its hours change once an hour, so finer steps only
     * refine {@code rate}, {@code for} and {@code keep_firing_for}, at 4 evaluations an hour.
     */
    static final Duration HOUR_WINDOW_STEP = Duration.ofMinutes(15);

    private final RuleBodies bodies;
    private final MinuteStore minutes;
    private final HourStore hours;
    private final PreviewConfig config;
    private final RetentionConfig retention;
    private final Duration defaultStep;
    private final Clock clock;

    public PreviewResource(
            RuleBodies bodies,
            MinuteStore minutes,
            HourStore hours,
            PreviewConfig config,
            RetentionConfig retention,
            AlertsConfig alerts,
            Clock clock) {
        this.bodies = bodies;
        this.minutes = minutes;
        this.hours = hours;
        this.config = config;
        this.retention = retention;
        // The live evaluator steps every evaluation interval; minute buckets make finer steps pointless.
        this.defaultStep = alerts.evaluationInterval().compareTo(MIN_STEP) > 0 ? alerts.evaluationInterval() : MIN_STEP;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replay a rule over the stored minutes or hours, without saving it",
            description = "Body: `rule` (as for POST /api/rules), `from`, `to` (ISO-8601 times; `to` after now is "
                    + "taken as now) and optionally `step` (30s, 5m, 1h; at least 1m; default 1m, 15m for a window of "
                    + "hours). Answers, for every matching stream with rows in the range, the alerts the rule would have "
                    + "raised (pending_at, firing_at, resolved_at, max_value) and the minutes firing. 400 for an invalid "
                    + "rule (errors as on save, fields prefixed `rule.`), a range over pulse.preview.max-range, a window "
                    + "at from (or an earlier one it is compared with by offset) before the rows kept (minute rows for "
                    + "windows up to 60m, hourly rows for longer ones), or more than pulse.preview.max-evaluations "
                    + "evaluations.")
    public Uni<RulePreview> preview(JsonNode body) throws JsonProcessingException {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(
                    "the body must be a JSON object: {\"rule\": {...}, \"from\": ..., \"to\": ...}");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "': the fields are rule, from, to and step");
            }
        });
        JsonNode ruleBody = body.get("rule");
        if (ruleBody == null || !ruleBody.isObject()) {
            throw ApiException.badRequest(
                    "rule is required: the rule to preview as a JSON object, as for POST /api/rules");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = time(body, "from");
        Instant askedTo = time(body, "to");
        Instant to = askedTo.isAfter(now) ? now : askedTo;
        String stepText = text(body, "step");
        Duration askedStep = stepText == null ? null : step(stepText);
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("to (" + to + ") must be after from (" + from + ")"
                    + (askedTo.equals(to) ? "" : "; a to after now is taken as now"));
        }
        if (Duration.between(from, to).compareTo(config.maxRange()) > 0) {
            throw ApiException.badRequest("the range from " + from + " to " + to + " is longer than "
                    + config.maxRange().toDays() + " days (pulse.preview.max-range)");
        }
        RuleInput input;
        try {
            input = bodies.read(ruleBody);
        } catch (ApiException e) {
            throw underRule(e);
        }
        return bodies.validated(input)
                .onFailure(ApiException.class)
                .transform(e -> underRule((ApiException) e))
                .chain(rule -> {
                    CompiledRule compiled = CompiledRule.compile(withId(rule));
                    Duration step = stepText == null ? defaultStep(compiled) : askedStep;
                    refuseBeyondRetention(compiled, from, now);
                    return run(compiled, from, to, step, stepText == null ? format(step) : stepText.trim());
                });
    }

    /**
     * The default step: the live evaluator's interval, at least 1m; for a window of hours at least
     * {@link #HOUR_WINDOW_STEP}, as its hours change once an hour.
     */
    private Duration defaultStep(CompiledRule rule) {
        return rule.hourWindow() && defaultStep.compareTo(HOUR_WINDOW_STEP) < 0 ? HOUR_WINDOW_STEP : defaultStep;
    }

    /**
     * A 400 naming the oldest allowed {@code from} when the first window, or an earlier one it is
     * compared with ({@code offset}), reaches before the rows kept: minute rows for windows up to 60
     * minutes, hourly rows for longer ones.
     */
    private void refuseBeyondRetention(CompiledRule rule, Instant from, Instant now) {
        Duration window = Duration.ofMinutes(rule.windowMinutes());
        Duration offset = largestOffset(rule);
        Duration kept = rule.hourWindow() ? retention.hours() : retention.minutes();
        Instant oldest = now.minus(kept).plus(window).plus(offset);
        if (!from.isBefore(oldest)) {
            return;
        }
        String rows = rule.hourWindow()
                ? "windows over 60 minutes are built of hourly rows, kept " + kept.toDays()
                        + " days (pulse.retention.hours), and the window at from needs its "
                        + rule.windowMinutes() / 60 + " hours"
                : "windows are built of minute rows, kept " + kept.toHours()
                        + " h (pulse.retention.minutes), and the window at from needs its " + rule.windowMinutes()
                        + " minutes";
        String earlier = offset.isZero()
                ? ""
                : ", and the rule compares it with the window " + WrittenDurations.format(offset) + " before (offset "
                        + WrittenDurations.format(offset) + "), which must be kept too";
        throw new ApiException(Problem.of(
                        400,
                        "Bad request",
                        "from (" + from + ") is before the oldest allowed, " + oldest + ": " + rows + earlier)
                .with("oldest_from", oldest.toString()));
    }

    private static Duration largestOffset(CompiledRule rule) {
        return rule.offsets().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private Uni<RulePreview> run(CompiledRule rule, Instant from, Instant to, Duration step, String stepText) {
        long steps = Replay.instants(from, to, step);
        // Every row any window reads, read once per stream: from the first minute (or hour) of the
        // earliest window (at from, shifted back by the largest offset) to the end of the minute (or
        // hour) of to.
        Instant earliest = from.minus(largestOffset(rule));
        Instant first;
        Instant end;
        if (rule.hourWindow()) {
            first = UtcTime.hourOf(earliest).minus(Duration.ofMinutes(rule.windowMinutes() - 60L));
            end = UtcTime.hourOf(to).plusSeconds(UtcTime.SECONDS_PER_HOUR);
        } else {
            first = earliest.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(rule.windowMinutes() - 1L));
            end = to.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        }
        return Panache.withSession(() -> (rule.hourWindow() ? hours.streams(first, end) : minutes.streams(first, end))
                .chain(all -> {
                    List<String> matching =
                            all.stream().filter(rule.glob()::matches).toList();
                    boolean truncated = matching.size() > config.maxStreams();
                    List<String> streams = truncated ? matching.subList(0, config.maxStreams()) : matching;
                    long evaluations = steps * streams.size();
                    if (evaluations > config.maxEvaluations()) {
                        throw ApiException.badRequest(
                                streams.size() + " streams times " + steps + " steps are " + evaluations
                                        + " evaluations, more than " + config.maxEvaluations()
                                        + " (pulse.preview.max-evaluations): choose a shorter range, a longer step or a narrower stream glob");
                    }
                    return Multi.createFrom()
                            .iterable(streams)
                            .onItem()
                            .transformToUniAndConcatenate(stream -> rule.hourWindow()
                                    ? hours.range(List.of(stream), first, end)
                                            .chain(rows -> replayedHours(rule, stream, rows, from, to, step))
                                    : minutes.range(List.of(stream), first, end)
                                            .chain(rows -> replayed(rule, stream, rows, from, to, step)))
                            .collect()
                            .asList()
                            .map(results -> new RulePreview(from, to, stepText, results, evaluations, truncated));
                }));
    }

    /** The replay of one stream on a worker thread (it may take a while), its result back on the request's context. */
    private static Uni<StreamPreview> replayed(
            CompiledRule rule, String stream, List<MinuteEntity> rows, Instant from, Instant to, Duration step) {
        return VertxContexts.onCallerContext(Uni.createFrom()
                .item(() -> Replay.of(
                        rule,
                        stream,
                        StoredHours.of(
                                stream,
                                rows.stream().map(MinuteEntity::toAggregate).toList()),
                        from,
                        to,
                        step))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * {@link #replayed} of a window of hours over hourly rows, each decoded and cut down to the values
     * the rule reads as it is taken, so the sketches of other values are neither held nor merged.
     */
    private static Uni<StreamPreview> replayedHours(
            CompiledRule rule, String stream, List<HourEntity> rows, Instant from, Instant to, Duration step) {
        return VertxContexts.onCallerContext(Uni.createFrom()
                .item(() -> {
                    Set<String> names = new HashSet<>(rule.expr().valueNames());
                    if (rule.resolve() != null) {
                        names.addAll(rule.resolve().valueNames());
                    }
                    Map<Instant, HourAggregate> byHour = new HashMap<>();
                    for (HourEntity row : rows) {
                        byHour.put(row.hour, row.toAggregate().withValuesOnly(names));
                    }
                    return Replay.ofHours(rule, stream, byHour, from, to, step);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** The rule's refusal with its fields under {@code rule.}, as the preview body nests it. */
    private static ApiException underRule(ApiException e) {
        Problem p = e.problem();
        if (p.extensions().get("errors") instanceof List<?> errors) {
            return RuleValidator.invalid(errors.stream()
                    .map(o -> (FieldError) o)
                    .map(f -> new FieldError("rule." + f.field(), f.message(), f.position()))
                    .toList());
        }
        return new ApiException(Problem.of(p.status(), p.title(), "rule: " + p.detail()));
    }

    /** The validated rule with an id, as compiling needs; it is never stored. */
    private static AlertRule withId(AlertRule r) {
        return new AlertRule(
                "preview",
                r.name(),
                r.stream(),
                r.expr(),
                r.window(),
                r.forDuration(),
                r.keepFiringFor(),
                r.resolve(),
                r.severity(),
                r.enabled(),
                r.description(),
                r.labels(),
                r.webhook(),
                r.receiver(),
                null,
                null,
                null);
    }

    private static Instant time(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null) {
            throw ApiException.badRequest(field + " is required: an ISO-8601 time such as 2026-11-22T10:00:00Z");
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + ": '" + v + "' is not an ISO-8601 time with offset (at character "
                    + (e.getErrorIndex() + 1) + "), such as 2026-11-22T10:00:00Z");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return n.asText();
    }

    private static Duration step(String text) {
        Duration d;
        try {
            d = WrittenDurations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("step: " + e.getMessage());
        }
        if (d.compareTo(MIN_STEP) < 0) {
            throw ApiException.badRequest(
                    "step: " + text.trim() + " is shorter than 1m, the finest the minute rows allow");
        }
        return d;
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
