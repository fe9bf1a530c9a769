package io.pulseboard.ingest.http;

import io.pulseboard.ingest.publish.EventPublisher;
import io.pulseboard.model.Problem;
import io.pulseboard.model.validation.BatchReader;
import io.pulseboard.model.validation.EventLimits;
import io.pulseboard.model.validation.EventParser;
import io.pulseboard.model.validation.TimeWindow;
import io.pulseboard.model.validation.UnreadableInputException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /api/events}: validates every event of the body and publishes the valid ones. */
@Path("/api/events")
public class EventsResource {

    private final EventPublisher publisher;
    private final EventParser parser;
    private final int maxInFlight;

    public EventsResource(EventPublisher publisher, IngestConfig config) {
        this.publisher = publisher;
        this.maxInFlight = config.maxInFlight();
        // The aggregator's time rules, so that no event answered "accepted" is dead-lettered for its time.
        this.parser = new EventParser(Clock.systemUTC(), new TimeWindow(config.maxFutureSkew(), config.maxLateness()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Publish events",
            description = "A JSON array of events or one event (application/json), or one event per line "
                    + "(application/x-ndjson), optionally compressed with gzip (Content-Encoding: gzip). Valid events are "
                    + "published; each invalid one is reported with its index, line and reasons. 200 when at least one "
                    + "event was accepted, 422 when none was, 503 when Kafka did not take some. 408 when the body did not "
                    + "arrive whole in time, 413 when it is over the size limit, 415 for another content encoding.")
    public Response publish(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context RoutingContext rc)
            throws IOException {
        // Received whole by BodyReceiver, so that reading it here never waits for the client.
        ReceivedBody body = rc.get(ReceivedBody.KEY);
        BufferedInputStream in =
                new BufferedInputStream((body == null ? ReceivedBody.EMPTY : body).inputStream(), 64 * 1024);
        BatchIngest batch = new BatchIngest(publisher, maxInFlight);
        try {
            switch (BodyFormat.of(contentType, in)) {
                case NDJSON -> BatchReader.readNdjson(in, parser, batch);
                case JSON -> readJson(in, batch);
            }
        } catch (UnreadableInputException e) {
            // Events read before the break were handled; say so instead of pretending nothing happened.
            IngestOutcome partial = batch.finish();
            throw new UnreadableBodyException(e.getMessage(), partial);
        }
        return answer(batch.finish());
    }

    private void readJson(BufferedInputStream in, BatchIngest batch) throws IOException, UnreadableInputException {
        if (BodyFormat.firstSignificantByte(in) != '{') {
            BatchReader.readJsonArray(in, parser, batch);
            return;
        }
        // One event as a JSON object, possibly pretty-printed: read it whole, within a bound.
        byte[] object = in.readNBytes(4 * EventLimits.MAX_EVENT_BYTES + 1);
        if (object.length > 4 * EventLimits.MAX_EVENT_BYTES) {
            throw new BadRequestException("a single JSON event must be under " + EventLimits.MAX_EVENT_BYTES
                    + " bytes; send many events as a JSON array or NDJSON");
        }
        batch.accept(new BatchReader.BatchItem(0, 1, parser.parse(object)));
    }

    private static Response answer(IngestOutcome outcome) {
        if (outcome.received() == 0) {
            throw new BadRequestException("the body holds no events");
        }
        if (outcome.failed() > 0) {
            return problem(
                    Problem.of(
                            503,
                            "Events not published",
                            outcome.failed() + " of " + outcome.received() + " events could not be published to Kafka; "
                                    + outcome.accepted() + " were. Send the failed ones again."),
                    outcome);
        }
        if (outcome.accepted() == 0) {
            return problem(
                    Problem.of(
                            422,
                            "No valid events",
                            "all " + outcome.rejected() + " events were rejected; see problems for the reasons"),
                    outcome);
        }
        return Response.ok(outcome, MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response problem(Problem problem, IngestOutcome outcome) {
        Problem withOutcome = problem.with("received", outcome.received())
                .with("accepted", outcome.accepted())
                .with("rejected", outcome.rejected())
                .with("failed", outcome.failed())
                .with("problems", outcome.problems());
        if (outcome.problemsTruncated()) {
            withOutcome = withOutcome.with("problems_truncated", true);
        }
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(withOutcome)
                .build();
    }
}
