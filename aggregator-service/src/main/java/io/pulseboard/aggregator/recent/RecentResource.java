package io.pulseboard.aggregator.recent;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.model.Problem;
import io.pulseboard.model.validation.StreamGlob;
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
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The events themselves: each stream's last events and errors as written with the checkpoints, so
 * at most a persist interval behind the live feed, and the same after a restart.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Recent events and errors of each stream")
public class RecentResource {

    static final int MAX_LIMIT = 200;

    private final RecentStore store;

    public RecentResource(RecentStore store) {
        this.store = store;
    }

    @GET
    @Path("/streams/{stream}/events")
    @WithSession
    @Operation(summary = "A stream's recent events, newest first (its last events and, besides them, its last errors)")
    @APIResponse(responseCode = "200", description = "A page of events and the cursor of the next one (null: no more)")
    @APIResponse(responseCode = "400", description = "A bad stream name, status, limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecentPage> streamEvents(
            @PathParam("stream") String stream,
            @Parameter(description = "ok or error (default: both)") @QueryParam("status") String status,
            @Parameter(description = "1 to 200 (default 50)") @QueryParam("limit") @DefaultValue("50") int limit,
            @Parameter(description = "the 'next' of an earlier page") @QueryParam("before") String before) {
        if (!StreamNames.isValid(stream)) {
            throw ApiException.badRequest("stream: '" + stream + "' is not a stream name; " + StreamNames.RULE);
        }
        return page(List.of(stream), status, limit, before);
    }

    @GET
    @Path("/events/recent")
    @WithSession
    @Operation(summary = "Recent events across streams, newest first")
    @APIResponse(responseCode = "200", description = "A page of events and the cursor of the next one (null: no more)")
    @APIResponse(responseCode = "400", description = "A bad stream glob, status, limit or cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecentPage> recent(
            @Parameter(description = "a stream name or glob (* within a segment, ** across dots; default **)")
            @QueryParam("stream") @DefaultValue("**") String stream,
            @Parameter(description = "ok or error (default: both)") @QueryParam("status") String status,
            @Parameter(description = "1 to 200 (default 50)") @QueryParam("limit") @DefaultValue("50") int limit,
            @Parameter(description = "the 'next' of an earlier page") @QueryParam("before") String before) {
        StreamGlob glob;
        try {
            glob = StreamGlob.compile(stream);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("stream: " + e.getMessage());
        }
        if (glob.isLiteral()) {
            return page(List.of(stream), status, limit, before);
        }
        if ("**".equals(stream)) {
            return page(null, status, limit, before);
        }
        return store.streams().chain(all -> {
            List<String> matching = all.stream().filter(glob::matches).toList();
            return matching.isEmpty() ? Uni.createFrom().item(new RecentPage(List.of(), null))
                    : page(matching, status, limit, before);
        });
    }

    private Uni<RecentPage> page(Collection<String> streams, String status, int limit, String before) {
        Boolean error = status == null || status.isEmpty() ? null : switch (status) {
            case "ok" -> false;
            case "error" -> true;
            default -> throw ApiException.badRequest("status must be ok or error, not '" + shorten(status) + "'");
        };
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        Cursor cursor;
        try {
            cursor = before == null || before.isEmpty() ? null : Cursor.parse(before);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("before: " + e.getMessage());
        }
        // One more than asked tells whether there is a next page.
        return store.page(streams, error, cursor, limit + 1).map(rows -> {
            List<RecentEventEntity> shown = rows.subList(0, Math.min(limit, rows.size()));
            String next = rows.size() > limit ? Cursor.of(shown.get(shown.size() - 1)).toString() : null;
            return new RecentPage(shown.stream().map(RecentEvent::of).toList(), next);
        });
    }

    private static String shorten(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
