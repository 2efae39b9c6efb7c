package dev.crowd.platform.inbox;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The (safe, duplicated) Vert.x context a consumer's records were delivered on. A batch consumer takes it
 * when its batch arrives and starts each step of the batch there: the step before may complete
 * elsewhere (a Kafka ack completes on the consumer's own context), and Hibernate Reactive refuses to
 * open a transaction on any other context.
 *
 * <pre>{@code
 * DeliveryContext context = DeliveryContext.current();
 * return context.inTurn(parts, part -> Panache.withTransaction(() -> apply(part)));
 * }</pre>
 */
public final class DeliveryContext {

    private final Executor executor;

    private DeliveryContext(Executor executor) {
        this.executor = executor;
    }

    /** The context the caller runs on; outside Vert.x (a plain thread), tasks simply run where they are. */
    public static DeliveryContext current() {
        Context context = Vertx.currentContext();
        return new DeliveryContext(context == null ? Runnable::run : task -> context.runOnContext(v -> task.run()));
    }

    /** Runs tasks on this context. */
    public Executor executor() {
        return executor;
    }

    /**
     * Applies {@code step} to each item in order, the next one after the one before has completed, each
     * started on this context; fails at the first step that fails.
     */
    public <T> Uni<Void> inTurn(List<T> items, Function<? super T, Uni<Void>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item ->
                        Uni.createFrom().deferred(() -> step.apply(item)).runSubscriptionOn(executor))
                .collect().last().replaceWithVoid();
    }
}
