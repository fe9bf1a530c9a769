package io.pulseboard.aggregator.support;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Crossing between Vert.x contexts and other threads: a result completed on a foreign thread (a
 * Kafka callback, a worker) brought back onto the caller's context, where a request's Hibernate
 * Reactive session lives and must be closed; and reactive work run from a plain thread.
 */
public final class VertxContexts {

    private VertxContexts() {}

    /** {@code work}, its item or failure delivered on the context current at subscription (if any). */
    public static <T> Uni<T> onCallerContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            return context == null ? work : work.emitOn(task -> context.runOnContext(v -> task.run()));
        });
    }

    /**
     * Runs {@code work} on a new Vert.x context and waits for its item, from a thread that is not an
     * event loop (the aggregator's thread, a timer): how those threads use Hibernate Reactive.
     */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
