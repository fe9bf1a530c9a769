package io.pulseboard.aggregator.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Inserts or replaces rows with multi-row {@code insert ... on conflict do update} statements, rather
 * than a merge per row, which would read every row before writing it. Needs a Hibernate Reactive
 * session.
 *
 * @param table the table
 * @param columns the columns, in the order {@code values} gives them
 * @param key the primary key columns
 * @param timestamps columns that may be null and need a cast to carry a type
 * @param onConflict what to do with a row whose key exists: {@link Conflict}
 */
public record BatchUpsert<T>(
        String table,
        List<String> columns,
        List<String> key,
        Set<String> timestamps,
        Function<T, Object[]> values,
        Conflict onConflict) {

    /** What an insert does with a row whose key exists. */
    public enum Conflict {
        /** The new row replaces the columns that are not part of the key. */
        REPLACE,
        /** The stored row stays. */
        KEEP,
        /** The new row's (numeric) columns outside the key are added to the stored ones. */
        ADD
    }

    BatchUpsert(
            String table,
            List<String> columns,
            List<String> key,
            Set<String> timestamps,
            Function<T, Object[]> values) {
        this(table, columns, key, timestamps, values, Conflict.REPLACE);
    }

    /** Keeps a statement's parameters well below PostgreSQL's 65,535. */
    private static final int MAX_PARAMETERS = 6_000;

    public Uni<Void> save(List<T> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int perStatement = MAX_PARAMETERS / columns.size();
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += perStatement) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + perStatement)));
        }
        return Panache.getSession()
                .chain(session -> Multi.createFrom()
                        .iterable(chunks)
                        .onItem()
                        .transformToUniAndConcatenate(chunk -> upsert(session, chunk))
                        .collect()
                        .last()
                        .replaceWithVoid());
    }

    private Uni<Integer> upsert(Mutiny.Session session, List<T> rows) {
        int n = columns.size();
        StringBuilder sql = new StringBuilder("insert into ")
                .append(table)
                .append(" (")
                .append(String.join(", ", columns))
                .append(") values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('(');
            for (int c = 0; c < n; c++) {
                String p = "?" + (i * n + c + 1);
                sql.append(c == 0 ? "" : ", ")
                        .append(timestamps.contains(columns.get(c)) ? "cast(" + p + " as timestamptz)" : p);
            }
            sql.append(')');
        }
        sql.append(" on conflict (").append(String.join(", ", key)).append(")");
        if (onConflict == Conflict.KEEP) {
            sql.append(" do nothing");
        } else {
            sql.append(" do update set ");
            boolean first = true;
            for (String c : columns) {
                if (!key.contains(c)) {
                    sql.append(first ? "" : ", ")
                            .append(c)
                            .append(" = ")
                            .append(onConflict == Conflict.ADD ? table + "." + c + " + " : "")
                            .append("excluded.")
                            .append(c);
                    first = false;
                }
            }
        }
        var query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            Object[] v = values.apply(rows.get(i));
            for (int c = 0; c < n; c++) {
                query.setParameter(i * n + c + 1, v[c]);
            }
        }
        return query.executeUpdate();
    }
}
