package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.api.ProblemMappers;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.aggregator.webhooks.WebhookTargets;
import io.pulseboard.aggregator.webhooks.WebhookUrls;
import io.pulseboard.model.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.StaleStateException;

/**
 * Notification receivers over REST, stored in PostgreSQL. Header values are write-only: answers show
 * {@code "***"}, and a PUT that sends a header without a value (null or {@code "***"}) keeps the
 * stored one. The URL, whose path may hold a secret (a Slack webhook's does), likewise: answers show
 * it masked ({@code https://hooks.slack.com/***}), and a PUT that sends it back as read, or no URL,
 * keeps the stored one. A receiver's URL is checked like a rule's webhook (form, and target against
 * {@code pulse.notifications.allowed-hosts}), its template compiled.
 */
@Path("/api/receivers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notification receivers")
public class ReceiverResource {

    private static final String MASKED = "The URL is shown masked, as `scheme://host[:port]/***`: its path, query "
            + "and fragment are hidden, since they may hold a secret (a Slack webhook's does). Header values show as "
            + "`***`.";

    private final ObjectMapper mapper;
    private final WebhookTargets targets;
    private final PayloadTemplates templates;
    private final ReceiverDirectory directory;
    private final Clock clock;
    private final Set<String> fields = new TreeSet<>();

    public ReceiverResource(
            ObjectMapper mapper,
            WebhookTargets targets,
            PayloadTemplates templates,
            ReceiverDirectory directory,
            Clock clock) {
        this.mapper = mapper;
        this.targets = targets;
        this.templates = templates;
        this.directory = directory;
        this.clock = clock;
        for (BeanPropertyDefinition p : mapper.getDeserializationConfig()
                .introspect(mapper.constructType(ReceiverInput.class))
                .findProperties()) {
            fields.add(p.getName());
        }
    }

    @GET
    @Operation(summary = "Every receiver, by name; URLs masked and header values hidden", description = MASKED)
    public Uni<List<Receiver>> list() {
        return Panache.withSession(() -> ReceiverEntity.<ReceiverEntity>list("order by name"))
                .map(rows -> rows.stream().map(e -> e.toReceiver().masked()).toList());
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One receiver; its URL masked and header values hidden", description = MASKED)
    public Uni<Receiver> get(@PathParam("name") String name) {
        return Panache.withSession(() -> find(name)).map(e -> e.toReceiver().masked());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a receiver",
            description = "Answers 201 with the receiver (URL masked, header values hidden). `url` must be the full "
                    + "URL: a masked one (path `***`) is a 400. 400 (problem+json with `errors`: "
                    + "field, message, and for a template line and column) for an invalid receiver or an unknown field, "
                    + "and for a URL that targets a non-public address not allowed by pulse.notifications.allowed-hosts; "
                    + "409 if the name is taken. Grouping fields left out take their defaults: group_by [\"rule_id\"] "
                    + "(keys rule_id, severity, stream, labels.NAME), group_wait 10s, group_interval 1m, "
                    + "repeat_interval 4h (0s: never repeat).")
    public Uni<Response> create(JsonNode body) throws JsonProcessingException {
        ReceiverInput in = read(body);
        Instant now = now();
        return validated(in, null, null)
                .chain(receiver ->
                        Panache.withTransaction(() -> ReceiverEntity.<ReceiverEntity>findById(receiver.name())
                                .chain(existing -> {
                                    if (existing != null) {
                                        throw ApiException.conflict("a receiver named '" + receiver.name()
                                                + "' exists: change it with PUT /api/receivers/" + receiver.name());
                                    }
                                    ReceiverEntity e = new ReceiverEntity();
                                    e.name = receiver.name();
                                    e.apply(receiver);
                                    e.createdAt = now;
                                    e.updatedAt = now;
                                    return e.persist().replaceWith(e);
                                })))
                .map(e -> {
                    directory.refresh();
                    return Response.created(URI.create("/api/receivers/" + e.name))
                            .entity(e.toReceiver().masked())
                            .build();
                });
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace a receiver",
            description = "The body is the whole receiver. `url` left out, null, or sent masked exactly as read "
                    + "(`https://hooks.slack.com/***`) keeps the stored URL; a new full URL replaces it (checked as on "
                    + "POST); another masked URL is a 400. A header sent without a value (null, or `***` as read) "
                    + "keeps its stored value; a header left out is removed. `version`, if sent, must be the stored "
                    + "one (409 otherwise); `created_at` and `updated_at` are ignored.")
    public Uni<Receiver> replace(@PathParam("name") String name, JsonNode body) throws JsonProcessingException {
        ReceiverInput in = read(body);
        return Panache.withSession(() -> find(name))
                .chain(stored -> validated(in, name, stored.toReceiver()))
                .chain(receiver -> Panache.withTransaction(() -> find(name).map(e -> {
                    if (in.version() != null && e.version != in.version()) {
                        throw stale(name, in.version() + " (it is at version " + e.version + ")");
                    }
                    e.apply(receiver);
                    e.updatedAt = now();
                    return e;
                })))
                .onFailure(f -> f instanceof OptimisticLockException || f instanceof StaleStateException)
                .transform(f -> stale(name, "the read, by another request at the same time"))
                .map(e -> {
                    directory.refresh();
                    return e.toReceiver().masked();
                });
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a receiver; 409 listing the rules that name it, if any")
    public Uni<Response> delete(@PathParam("name") String name) {
        return Panache.withTransaction(() -> find(name)
                        .chain(e -> rulesNaming(name).chain(rules -> {
                            if (!rules.isEmpty()) {
                                throw inUse(name, rules);
                            }
                            return e.delete();
                        })))
                .onFailure(ReceiverEntity::violatesRuleKey)
                .recoverWithUni(
                        f -> Panache.withSession(() -> rulesNaming(name)).map(rules -> {
                            throw inUse(name, rules);
                        }))
                .map(nothing -> {
                    directory.refresh();
                    return Response.noContent().build();
                });
    }

    // ---------------------------------------------------------------------------------------------

    /** The validated receiver, its URL's target checked on a worker thread (a lookup may block). */
    private Uni<Receiver> validated(ReceiverInput in, String name, Receiver stored) {
        String given = ReceiverValidator.url(in, stored);
        String url = given == null || given.isBlank() || WebhookUrls.isMasked(given) ? null : given;
        Uni<String> refusal = url == null
                ? Uni.createFrom().nullItem()
                : Uni.createFrom()
                        .item(() -> {
                            try {
                                return targets.refusal(WebhookUrls.parse(url));
                            } catch (IllegalArgumentException | UnknownHostException e) {
                                // An invalid URL is reported by the validator; an unknown host is checked when called.
                                return (String) null;
                            }
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return VertxContexts.onCallerContext(refusal)
                .map(why -> ReceiverValidator.validate(in, name, stored, why, templates));
    }

    /** The ids and names of the rules naming the receiver, as "id (name)". */
    private static Uni<List<String>> rulesNaming(String receiver) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select id || ' (' || name || ')' from pulse_rule where receiver = :receiver order by name, id",
                                String.class)
                        .setParameter("receiver", receiver)
                        .getResultList());
    }

    private static ApiException inUse(String name, List<String> rules) {
        return new ApiException(Problem.of(
                        409,
                        "Receiver in use",
                        "receiver '" + name + "' is named by " + rules.size() + (rules.size() == 1 ? " rule" : " rules")
                                + ": " + String.join(", ", rules)
                                + "; change or delete them first")
                .with("rules", List.copyOf(rules)));
    }

    private static ApiException stale(String name, String since) {
        return new ApiException(Problem.of(
                409,
                "Conflict",
                "receiver " + name + " was changed since " + since + ": read it again (GET /api/receivers/" + name
                        + ") and reapply your change"));
    }

    private static Uni<ReceiverEntity> find(String name) {
        return ReceiverEntity.<ReceiverEntity>findById(name).map(e -> {
            if (e == null) {
                throw ApiException.notFound("no receiver named '" + name + "'");
            }
            return e;
        });
    }

    /** The body as a receiver input, refusing anything but a JSON object of known fields. */
    private ReceiverInput read(JsonNode body) throws JsonProcessingException {
        if (body == null || body.isNull() || body.isMissingNode() || !body.isObject()) {
            throw ApiException.badRequest("the body must be a receiver as a JSON object");
        }
        List<ReceiverFieldError> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                unknown.add(ReceiverFieldError.of(
                        name, "unknown field; the fields of a receiver are " + String.join(", ", fields)));
            }
        });
        if (!unknown.isEmpty()) {
            throw ReceiverValidator.invalid(unknown);
        }
        try {
            return mapper.treeToValue(body, ReceiverInput.class);
        } catch (MismatchedInputException e) {
            throw new ApiException(Problem.of(400, "Invalid receiver", ProblemMappers.describe(e)));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
