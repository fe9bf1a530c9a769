package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.receivers.ReceiverEntity;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.StaleStateException;

/**
 * Alert rules over REST. PostgreSQL holds them; every change is then published to pulse.rules, from
 * which every instance's {@link RuleTable} applies it.
 */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alert rules")
public class RuleResource {

    private final RuleBodies bodies;
    private final RulePublisher publisher;
    private final RuleWarnings warnings;
    private final Clock clock;

    public RuleResource(RuleBodies bodies, RulePublisher publisher, RuleWarnings warnings, Clock clock) {
        this.bodies = bodies;
        this.publisher = publisher;
        this.warnings = warnings;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Every rule, oldest first")
    public Uni<List<AlertRule>> list() {
        return Panache.withSession(() -> RuleEntity.<RuleEntity>list("order by createdAt, id"))
                .map(rows -> rows.stream().map(RuleEntity::toRule).toList());
    }

    @GET
    @Path("grammar")
    @Operation(
            summary = "The expression language of expr and resolve",
            description = "The grammar in EBNF (`grammar`), the metrics, operators and keywords, and the limits "
                    + "on an expression's length and nesting.")
    public RuleGrammar grammar() {
        return RuleGrammar.CURRENT;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One rule")
    public Uni<AlertRule> get(@PathParam("id") String id) {
        return Panache.withSession(() -> find(id)).map(RuleEntity::toRule);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a rule",
            description =
                    "Answers 201 with the rule, its id and version, and `warnings` if a value name is unknown. "
                            + "400 (problem+json with `errors`: field, message, position) for an invalid rule or an unknown field, "
                            + "and for a webhook that targets a non-public address not allowed by pulse.notifications.allowed-hosts.")
    public Uni<Response> create(JsonNode body) throws JsonProcessingException {
        RuleInput in = bodies.read(body);
        Instant now = now();
        return bodies.validated(in)
                .chain(rule -> Panache.withSession(() -> warnings.of(rule))
                        .chain(found -> Panache.withTransaction(() -> {
                                    RuleEntity e = new RuleEntity();
                                    e.id = UUID.randomUUID().toString();
                                    e.apply(rule);
                                    e.createdAt = now;
                                    e.updatedAt = now;
                                    return e.persist().replaceWith(e);
                                })
                                .onFailure(ReceiverEntity::violatesRuleKey)
                                .transform(f -> receiverGone(rule.receiver()))
                                .chain(e -> published(e.toRule()))
                                .map(saved -> Response.created(URI.create("/api/rules/" + saved.id()))
                                        .entity(new RuleView(saved, found))
                                        .build())));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace a rule",
            description = "The body is the whole rule with `version` set to the version that was read (GET). "
                    + "If the rule changed since, the answer is 409 and nothing is changed: read it again and reapply the change. "
                    + "`id`, `created_at`, `updated_at` and `warnings` may be sent back as read; they are ignored.")
    public Uni<RuleView> replace(@PathParam("id") String id, JsonNode body) throws JsonProcessingException {
        RuleInput in = bodies.read(body);
        if (in.id() != null && !in.id().equals(id)) {
            throw ApiException.badRequest("the body is rule '" + in.id() + "' but the path is rule '" + id + "'");
        }
        if (in.version() == null) {
            throw new ApiException(Problem.of(
                            400,
                            "Invalid rule",
                            "version is required: send the version of the rule you read" + " (GET /api/rules/" + id
                                    + "), so that a change made meanwhile is not overwritten")
                    .with("errors", List.of(FieldError.of("version", "is required"))));
        }
        return bodies.validated(in)
                .chain(rule -> Panache.withSession(() -> warnings.of(rule))
                        .chain(found ->
                                change(id, in.version(), e -> e.apply(rule)).map(saved -> new RuleView(saved, found))));
    }

    @POST
    @Path("{id}/enable")
    @Operation(summary = "Enable a rule (no body; idempotent)")
    public Uni<RuleView> enable(@PathParam("id") String id) {
        return change(id, null, e -> e.enabled = true).map(saved -> new RuleView(saved, List.of()));
    }

    @POST
    @Path("{id}/disable")
    @Operation(summary = "Disable a rule (no body; idempotent): its pending and firing alerts end")
    public Uni<RuleView> disable(@PathParam("id") String id) {
        return change(id, null, e -> e.enabled = false).map(saved -> new RuleView(saved, List.of()));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a rule: its pending and firing alerts end; their history stays")
    public Uni<Response> delete(@PathParam("id") String id) {
        return Panache.withTransaction(() -> find(id).chain(e -> e.delete()))
                .chain(() -> publisher.delete(id).onFailure().transform(err -> notPublished("deleted", err)))
                .map(nothing -> Response.noContent().build());
    }

    // ---------------------------------------------------------------------------------------------

    /** Loads, checks the version (if given), changes and stores a rule, then publishes it. */
    private Uni<AlertRule> change(String id, Long expectedVersion, Consumer<RuleEntity> edit) {
        return Panache.withTransaction(() -> find(id).map(e -> {
                    if (expectedVersion != null && e.version != expectedVersion) {
                        throw stale(id, expectedVersion, e.version);
                    }
                    edit.accept(e);
                    e.updatedAt = now();
                    return e;
                }))
                .onFailure(f -> f instanceof OptimisticLockException || f instanceof StaleStateException)
                .transform(f -> stale(id, expectedVersion, null))
                .onFailure(ReceiverEntity::violatesRuleKey)
                .transform(f -> receiverGone(null))
                .chain(e -> published(e.toRule()));
    }

    /** The receiver was deleted between the check that it exists and the save: as if it had never been. */
    private static ApiException receiverGone(String name) {
        return RuleValidator.invalid(List.of(FieldError.of(
                "receiver",
                (name == null ? "the receiver" : "receiver '" + name + "'")
                        + " no longer exists: it was deleted while the rule was saved; name another")));
    }

    private Uni<AlertRule> published(AlertRule rule) {
        return publisher
                .publish(rule)
                .onFailure()
                .transform(err -> notPublished("saved as version " + rule.version(), err))
                .replaceWith(rule);
    }

    private static ApiException notPublished(String what, Throwable err) {
        return new ApiException(Problem.of(
                503,
                "Not published",
                "the rule is " + what
                        + " in the database, but could not be published to pulse.rules, so the instances do not apply it yet ("
                        + err + "); it is published again by itself once Kafka is back"));
    }

    private static ApiException stale(String id, Long expected, Long current) {
        String since = expected == null
                ? " by another request at the same time"
                : " since version " + expected + (current == null ? "" : " (it is at version " + current + ")");
        return new ApiException(Problem.of(
                        409,
                        "Conflict",
                        "rule " + id + " was changed" + since + ": read it again (GET /api/rules/" + id
                                + ") and reapply your change")
                .with("current_version", current));
    }

    private static Uni<RuleEntity> find(String id) {
        return RuleEntity.<RuleEntity>findById(id).map(e -> {
            if (e == null) {
                throw ApiException.notFound("no rule with id '" + id + "'");
            }
            return e;
        });
    }

    private Instant now() {
        // Microseconds: what PostgreSQL keeps, so a rule reads back as it was answered.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
