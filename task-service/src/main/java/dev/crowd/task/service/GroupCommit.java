package dev.crowd.task.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Group commit: writes that arrive while earlier ones are in flight are coalesced and run as one
 * statement (one transaction) when a runner frees up ("whenever a batch finished, take all that
 * waited", up to {@code maxBatch}). A write that finds a runner idle runs at once, alone, with no
 * waiting window, so an idle service answers as fast as without batching.
 *
 * <p>Each caller gets exactly what its own statement would have given: its result only after the
 * batch committed, and its own failure. When a batch fails as a whole (one bad member), its members
 * are run again one by one, so the others succeed and the bad one gets its own error. Members with the
 * same key never share a batch (the later one waits for the next), so per-row statements that rely on
 * "first writer wins" behave as with one statement each. Results are handed back on the caller's
 * Vert.x context.
 *
 * @param <I> one caller's write
 * @param <O> its result
 */
public final class GroupCommit<I, O> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private final String name;
    private final Function<I, Uni<O>> single;
    private final Function<List<I>, Uni<List<O>>> batch;
    private final Function<I, Object> key;
    private final int maxBatch;
    private final int maxInFlight;

    private final LinkedList<Member<I, O>> waiting = new LinkedList<>();
    private int inFlight;
    private long statements;
    private long writes;
    private int largest;

    /**
     * @param single      runs one write alone (its own statement)
     * @param batch       runs several writes as one statement; returns one result per write, in order
     * @param key         writes with equal keys never share a batch (null: no such constraint)
     * @param maxBatch    most writes per batch
     * @param maxInFlight most batches (or single writes) running at once
     */
    public GroupCommit(String name, Function<I, Uni<O>> single, Function<List<I>, Uni<List<O>>> batch,
                       Function<I, Object> key, int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.name = name;
        this.single = single;
        this.batch = batch;
        this.key = key;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    private record Member<I, O>(I input, UniEmitter<? super O> emitter, Context context) {

        void complete(O result) {
            Context current = Vertx.currentContext();
            if (context == null || context == current) {
                emitter.complete(result);
            } else {
                context.runOnContext(v -> emitter.complete(result));
            }
        }

        void fail(Throwable failure) {
            Context current = Vertx.currentContext();
            if (context == null || context == current) {
                emitter.fail(failure);
            } else {
                context.runOnContext(v -> emitter.fail(failure));
            }
        }
    }

    /** Runs this write, alone or with others; the result follows its commit. */
    public Uni<O> submit(I input) {
        return Uni.createFrom().emitter(emitter -> {
            List<Member<I, O>> run;
            synchronized (this) {
                waiting.add(new Member<>(input, emitter, Vertx.currentContext()));
                run = take();
            }
            if (run != null) {
                run(run);
            }
        });
    }

    /** Writes waiting now (for tests and metrics). */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Writes and the statements (batches or single writes) that ran them so far, and the largest batch. */
    public synchronized String stats() {
        return String.format("%s: %d writes in %d statements (%.1f per statement, largest %d)", name, writes,
                statements, statements == 0 ? 0.0 : (double) writes / statements, largest);
    }

    // Under the lock: the next batch when a runner is free.
    private List<Member<I, O>> take() {
        if (inFlight >= maxInFlight || waiting.isEmpty()) {
            return null;
        }
        List<Member<I, O>> run = new ArrayList<>(Math.min(waiting.size(), maxBatch));
        Set<Object> keys = key == null ? null : new HashSet<>();
        for (Iterator<Member<I, O>> it = waiting.iterator(); it.hasNext() && run.size() < maxBatch; ) {
            Member<I, O> m = it.next();
            if (keys != null && !keys.add(key.apply(m.input()))) {
                continue; // same key as one already in this batch: next batch
            }
            it.remove();
            run.add(m);
        }
        inFlight++;
        statements++;
        writes += run.size();
        largest = Math.max(largest, run.size());
        return run;
    }

    private void run(List<Member<I, O>> members) {
        Uni<Void> done;
        if (members.size() == 1) {
            done = alone(members.get(0));
        } else {
            List<I> inputs = members.stream().map(Member::input).toList();
            done = Uni.createFrom().deferred(() -> batch.apply(inputs))
                    .map(results -> {
                        if (results.size() != members.size()) {
                            throw new IllegalStateException(name + ": " + results.size() + " results for "
                                    + members.size() + " writes");
                        }
                        return results;
                    })
                    .onItem().invoke(results -> {
                        for (int i = 0; i < members.size(); i++) {
                            members.get(i).complete(results.get(i));
                        }
                    })
                    .replaceWithVoid()
                    .onFailure().recoverWithUni(failure -> {
                        // Nothing of the batch was committed: every member on its own, each with its own outcome.
                        LOG.debugf(failure, "%s: batch of %d failed; running its writes one by one", name, members.size());
                        return Uni.join().all(members.stream().map(this::alone).toList()).andFailFast().replaceWithVoid();
                    });
        }
        done.subscribe().with(v -> finished(), failure -> {
            LOG.errorf(failure, "%s: unexpected failure", name);
            finished();
        });
    }

    // One write alone; never fails (the failure goes to its caller).
    private Uni<Void> alone(Member<I, O> member) {
        return Uni.createFrom().deferred(() -> single.apply(member.input()))
                .onItemOrFailure().invoke((result, failure) -> {
                    if (failure != null) {
                        member.fail(failure);
                    } else {
                        member.complete(result);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private void finished() {
        List<Member<I, O>> next;
        synchronized (this) {
            inFlight--;
            next = take();
        }
        if (next != null) {
            run(next);
        }
    }
}
