package io.pulseboard.aggregator.recent;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.model.Problem;
import io.pulseboard.model.validation.StreamNames;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One stream's recent events (its own root path: under /api/streams it would be matched by StreamsResource). */
@Path("/api/streams/{stream}/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Recent events and errors of each stream")
public class StreamEventsResource {

    private final RecentPages pages;

    public StreamEventsResource(RecentPages pages) {
        this.pages = pages;
    }

    @GET
    @WithSession
    @Operation(summary = "A stream's recent events, newest first (its last events and, besides them, its last errors)")
    @APIResponse(responseCode = "200", description = "A page of events and the cursor of the next one (null: no more)")
    @APIResponse(
            responseCode = "400",
            description = "A bad stream name, status, limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecentPage> events(
            @PathParam("stream") String stream,
            @Parameter(description = "ok or error (default: both)") @QueryParam("status") String status,
            @Parameter(description = "1 to 200 (default 50)") @QueryParam("limit") @DefaultValue("50") int limit,
            @Parameter(description = "the 'next' of an earlier page") @QueryParam("before") String before) {
        if (!StreamNames.isValid(stream)) {
            throw ApiException.badRequest("stream: '" + stream + "' is not a stream name; " + StreamNames.RULE);
        }
        return pages.page(List.of(stream), status, limit, before);
    }
}
