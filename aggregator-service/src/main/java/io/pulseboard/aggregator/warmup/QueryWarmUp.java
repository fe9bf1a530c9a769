package io.pulseboard.aggregator.warmup;

import io.pulseboard.aggregator.alerts.AlertEntity;
import io.pulseboard.aggregator.alerts.AlertHistoryEntity;
import io.pulseboard.aggregator.checkpoint.CheckpointEntity;
import io.pulseboard.aggregator.deadletters.DeadLetterEntity;
import io.pulseboard.aggregator.rules.RuleEntity;
import io.pulseboard.aggregator.store.HourEntity;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.internal.QueryParameterBindingsImpl;
import org.hibernate.query.spi.HqlInterpretation;
import org.hibernate.query.spi.QueryEngine;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.sqm.NodeBuilder;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Parses the service's queries once at start-up, and translates them to SQL, on the starting thread
 * and before the consumer runs. The first HQL parse loads and trains Hibernate's ANTLR grammar, and the
 * first translation loads the SQL tree classes (seconds of CPU on a busy machine); done by the first
 * query on an event loop, they blocked that loop for 2 to 5 s. The texts are the ones Panache builds
 * from the calls in this service, so their parses are also cached. Hibernate's internal API is used
 * here for a warm-up only: if it fails, start-up goes on.
 */
@ApplicationScoped
public class QueryWarmUp {

    private static final Logger LOG = Logger.getLogger(QueryWarmUp.class);

    /** Each query with its result type. */
    static final Map<String, Class<?>> QUERIES = Map.ofEntries(
            Map.entry(
                    "FROM CheckpointEntity WHERE groupId = ?1 and topic = ?2 and partitionId in ?3",
                    CheckpointEntity.class),
            Map.entry("FROM RuleEntity order by createdAt, id", RuleEntity.class),
            Map.entry(
                    "FROM AlertEntity WHERE kafkaPartition in ?1 and state in ('pending', 'firing')",
                    AlertEntity.class),
            Map.entry(
                    "FROM AlertEntity WHERE state = :state and stream like :prefix escape '\\' order by updatedAt desc, id",
                    AlertEntity.class),
            Map.entry("FROM AlertHistoryEntity WHERE alertId = ?1 order by id", AlertHistoryEntity.class),
            Map.entry(
                    "from HourEntity h where h.hour = (select max(n.hour) from HourEntity n where n.stream = h.stream)"
                            + " order by h.stream",
                    HourEntity.class),
            Map.entry("select distinct stream from HourEntity order by stream", String.class),
            Map.entry(
                    "FROM HourEntity WHERE stream in ?1 and hour >= ?2 and hour < ?3 ORDER BY stream , hour",
                    HourEntity.class),
            Map.entry("SELECT COUNT(*) FROM HourEntity WHERE stream in ?1 and hour >= ?2 and hour < ?3", Long.class),
            Map.entry(
                    "FROM DeadLetterEntity WHERE time >= ?1 order by time desc, part desc, off desc",
                    DeadLetterEntity.class));

    private final Mutiny.SessionFactory sessions;

    QueryWarmUp(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    void warm(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        long started = System.nanoTime();
        NodeBuilder builder = (NodeBuilder) sessions.getCriteriaBuilder();
        QueryEngine engine = builder.getQueryEngine();
        SessionFactoryImplementor factory = builder.getTypeConfiguration().getSessionFactory();
        for (Map.Entry<String, Class<?>> query : QUERIES.entrySet()) {
            try {
                HqlInterpretation<?> hql = engine.interpretHql(query.getKey(), query.getValue());
                if (hql.getSqmStatement() instanceof SqmSelectStatement<?> select) {
                    engine.getSqmTranslatorFactory()
                            .createSelectTranslator(
                                    select,
                                    QueryOptions.NONE,
                                    hql.getDomainParameterXref(),
                                    QueryParameterBindingsImpl.from(hql.getParameterMetadata(), factory),
                                    new LoadQueryInfluencers(factory),
                                    factory.getSqlTranslationEngine(),
                                    true)
                            .translate();
                }
            } catch (RuntimeException e) {
                // Only a warm-up: the query itself reports any real problem when it runs.
                LOG.debugf("could not parse %s ahead of time: %s", query.getKey(), e.toString());
            }
        }
        LOG.debugf("parsed %d queries in %d ms", QUERIES.size(), (System.nanoTime() - started) / 1_000_000);
    }
}
