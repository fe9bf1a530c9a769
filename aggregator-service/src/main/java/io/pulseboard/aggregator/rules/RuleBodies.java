package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.api.ProblemMappers;
import io.pulseboard.aggregator.receivers.ReceiverEntity;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.aggregator.webhooks.WebhookTargets;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rule as a request body: read (only known fields) and validated, as on save. The rules API and
 * the rule preview use it, so a preview refuses exactly what saving would.
 */
@ApplicationScoped
public class RuleBodies {

    private final ObjectMapper mapper;
    private final WebhookTargets targets;
    private final Set<String> fields = new TreeSet<>();

    public RuleBodies(ObjectMapper mapper, WebhookTargets targets) {
        this.mapper = mapper;
        this.targets = targets;
        for (BeanPropertyDefinition p : mapper.getDeserializationConfig()
                .introspect(mapper.constructType(RuleInput.class))
                .findProperties()) {
            fields.add(p.getName());
        }
    }

    /**
     * The validated rule, its webhook's target checked too, and that its receiver exists. The host is resolved on a worker thread (a
     * lookup may block); the rule comes back on the request's context, where its session lives. A
     * host that does not resolve now is accepted: it is checked again before every call.
     */
    public Uni<AlertRule> validated(RuleInput in) {
        String webhook = in.webhook() == null || in.webhook().isBlank()
                ? null
                : in.webhook().trim();
        String receiver = in.receiver() == null || in.receiver().isBlank()
                ? null
                : in.receiver().trim();
        Uni<Boolean> receiverKnown = receiver == null
                ? Uni.createFrom().item(true)
                : Panache.withSession(() -> ReceiverEntity.findById(receiver)).map(e -> e != null);
        if (webhook == null) {
            return receiverKnown.map(known -> RuleValidator.validate(in, null, known));
        }
        Uni<String> refusal = Uni.createFrom()
                .item(() -> {
                    try {
                        return targets.refusal(RuleValidator.webhook(webhook));
                    } catch (IllegalArgumentException | UnknownHostException e) {
                        return null; // an invalid URL is reported by the validator; an unknown host is checked when
                        // called
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return VertxContexts.onCallerContext(refusal)
                .chain(why -> receiverKnown.map(known -> RuleValidator.validate(in, why, known)));
    }

    /** The body as a rule input, refusing anything but a JSON object of known fields. */
    public RuleInput read(JsonNode body) throws JsonProcessingException {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("the body must be a rule as a JSON object");
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a rule as a JSON object, not "
                    + body.getNodeType().name().toLowerCase());
        }
        List<FieldError> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                unknown.add(
                        FieldError.of(name, "unknown field; the fields of a rule are " + String.join(", ", fields)));
            }
        });
        if (!unknown.isEmpty()) {
            throw RuleValidator.invalid(unknown);
        }
        try {
            return mapper.treeToValue(body, RuleInput.class);
        } catch (MismatchedInputException e) {
            // A field of the wrong type (a string for labels, say).
            throw new ApiException(Problem.of(400, "Invalid rule", ProblemMappers.describe(e)));
        }
    }
}
