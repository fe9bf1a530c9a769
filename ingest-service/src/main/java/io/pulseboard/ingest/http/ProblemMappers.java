package io.pulseboard.ingest.http;

import io.pulseboard.model.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is application/problem+json with a detail that says what went wrong. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response unreadable(UnreadableBodyException e) {
        return EventsResource.problem(Problem.of(400, "Unreadable body", e.getMessage()), e.outcome());
    }

    @ServerExceptionMapper
    public Response unsupported(BodyFormat.UnsupportedBodyException e) {
        return problem(Problem.of(415, "Unsupported content type", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return problem(Problem.of(500, "Internal error", "the server failed: " + e));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
