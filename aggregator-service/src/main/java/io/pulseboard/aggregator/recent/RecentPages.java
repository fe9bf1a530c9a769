package io.pulseboard.aggregator.recent;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.model.validation.StreamGlob;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Pages of recent events for the REST API: parameters checked, one query per page. Needs a session. */
@ApplicationScoped
public class RecentPages {

    static final int MAX_LIMIT = 200;

    private final RecentStore store;

    public RecentPages(RecentStore store) {
        this.store = store;
    }

    /** A page of the events of streams matching {@code stream}, a name or a glob. */
    public Uni<RecentPage> matching(String stream, String status, int limit, String before) {
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
            return matching.isEmpty()
                    ? Uni.createFrom().item(new RecentPage(List.of(), null))
                    : page(matching, status, limit, before);
        });
    }

    /** A page of the events of {@code streams} (null: all). */
    public Uni<RecentPage> page(Collection<String> streams, String status, int limit, String before) {
        Boolean error = status == null || status.isEmpty()
                ? null
                : switch (status) {
                    case "ok" -> false;
                    case "error" -> true;
                    default ->
                        throw ApiException.badRequest("status must be ok or error, not '" + shorten(status) + "'");
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
            List<StoredEvent> shown = rows.subList(0, Math.min(limit, rows.size()));
            String next =
                    rows.size() > limit ? Cursor.of(shown.get(shown.size() - 1)).toString() : null;
            return new RecentPage(shown.stream().map(RecentEvent::of).toList(), next);
        });
    }

    private static String shorten(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
