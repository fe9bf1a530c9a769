package io.pulseboard.aggregator.api;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Brings a result completed on a foreign thread (a Kafka callback, a worker) back onto the Vert.x
 * context of the caller, where a request's Hibernate Reactive session lives and must be closed.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /** {@code work}, its item or failure delivered on the context current at subscription (if any). */
    public static <T> Uni<T> onCallerContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            return context == null ? work : work.emitOn(task -> context.runOnContext(v -> task.run()));
        });
    }
}
