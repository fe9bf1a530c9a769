package io.pulseboard.aggregator.recent;

import io.pulseboard.model.Problem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Recent events across streams, as written with the checkpoints: at most a persist interval behind
 * the live feed, and the same after a restart.
 */
@Path("/api/events/recent")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Recent events and errors of each stream")
public class RecentResource {

    private final RecentPages pages;

    public RecentResource(RecentPages pages) {
        this.pages = pages;
    }

    @GET
    @WithSession
    @Operation(
            summary =
                    "Recent events across streams, newest first (each stream's last events and, besides them, its last errors)")
    @APIResponse(responseCode = "200", description = "A page of events and the cursor of the next one (null: no more)")
    @APIResponse(
            responseCode = "400",
            description = "A bad stream glob, status, limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecentPage> recent(
            @Parameter(description = "a stream name or glob (* within a segment, ** across dots; default **)")
                    @QueryParam("stream")
                    @DefaultValue("**")
                    String stream,
            @Parameter(description = "ok or error (default: both)") @QueryParam("status") String status,
            @Parameter(description = "1 to 200 (default 50)") @QueryParam("limit") @DefaultValue("50") int limit,
            @Parameter(description = "the 'next' of an earlier page") @QueryParam("before") String before) {
        return pages.matching(stream, status, limit, before);
    }
}
