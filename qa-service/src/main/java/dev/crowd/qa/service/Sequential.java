package dev.crowd.qa.service;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Function;

/** Runs reactive steps one after another (one session, one transaction: never concurrently). */
public final class Sequential {

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }

    private Sequential() {
    }
}
