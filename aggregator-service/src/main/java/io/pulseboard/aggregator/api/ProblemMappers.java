package io.pulseboard.aggregator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pulseboard.model.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer of the aggregator is application/problem+json with a detail that says what went wrong. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ApiException e, UriInfo uri) {
        return problem(e.problem(), uri);
    }

    /** A JSON body that does not parse or does not fit the expected shape: say where. */
    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return problem(Problem.of(400, "Unreadable JSON body", describe(e)), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        return problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return problem(Problem.of(500, "Internal error", "the server failed: " + e), uri);
    }

    public static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'" + where;
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String what = m instanceof InvalidFormatException f ? "invalid value '" + f.getValue() + "'" : "wrong type";
            return "field '" + field + "': " + what + where;
        }
        return e.getOriginalMessage() + where;
    }

    private static Response problem(Problem problem, UriInfo uri) {
        Problem p = problem.instance() == null && uri != null ? problem.atInstance(uri.getPath()) : problem;
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
