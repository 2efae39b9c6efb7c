package dev.crowd.task.service;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batcher alone, with stand-in runners whose completion the test controls. */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A write the stand-in database refuses (like a lease whose micro-job is not there). */
    static final class Refused extends RuntimeException {
        Refused(String input) {
            super("refused " + input);
        }
    }

    /** Runners that record what they were given; single writes of "hold" wait for {@link #release}. */
    static final class Runners {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> singles = new CopyOnWriteArrayList<>();
        final List<String> committed = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> held = new CompletableFuture<>();

        Uni<String> single(String input) {
            singles.add(input);
            Uni<Void> wait = input.startsWith("hold") ? Uni.createFrom().completionStage(held) : Uni.createFrom().voidItem();
            return wait.map(v -> {
                if (input.startsWith("bad")) {
                    throw new Refused(input);
                }
                committed.add(input);
                return "ok:" + input;
            });
        }

        Uni<List<String>> batch(List<String> inputs) {
            batches.add(List.copyOf(inputs));
            if (inputs.stream().anyMatch(i -> i.startsWith("bad"))) {
                return Uni.createFrom().failure(new Refused("batch")); // all or nothing: nothing committed
            }
            committed.addAll(inputs);
            return Uni.createFrom().item(inputs.stream().map(i -> "ok:" + i).toList());
        }

        void release() {
            held.complete(null);
        }
    }

    @Test
    void aBatchWithOneBadWriteFailsOnlyThatWriteTheOthersAreCommitted() {
        Runners db = new Runners();
        GroupCommit<String, String> group = new GroupCommit<>("test", db::single, db::batch, null, 64, 1);
        CompletableFuture<String> first = group.submit("hold-1").subscribeAsCompletionStage().toCompletableFuture();
        // The only runner is busy: these wait, and go together when it is free.
        CompletableFuture<String> a = group.submit("a").subscribeAsCompletionStage().toCompletableFuture();
        CompletableFuture<String> bad = group.submit("bad-b").subscribeAsCompletionStage().toCompletableFuture();
        CompletableFuture<String> c = group.submit("c").subscribeAsCompletionStage().toCompletableFuture();
        assertEquals(3, group.waiting());
        assertFalse(a.isDone());
        db.release();

        assertEquals("ok:hold-1", first.orTimeout(10, TimeUnit.SECONDS).join());
        assertEquals("ok:a", a.orTimeout(10, TimeUnit.SECONDS).join());
        assertEquals("ok:c", c.orTimeout(10, TimeUnit.SECONDS).join());
        Throwable failure = assertThrows(Exception.class, () -> bad.orTimeout(10, TimeUnit.SECONDS).join());
        assertInstanceOf(Refused.class, failure.getCause(), "the bad write gets its own error");
        assertEquals("refused bad-b", failure.getCause().getMessage());
        assertEquals(List.of(List.of("a", "bad-b", "c")), db.batches, "the three waited and went as one batch");
        assertEquals(List.of("a", "c", "hold-1"), db.committed.stream().sorted().toList(), "each good write once");
        assertEquals(0, group.waiting());
    }

    @Test
    void writesWithTheSameKeyNeverShareABatch() {
        Runners db = new Runners();
        GroupCommit<String, String> group = new GroupCommit<>("test", db::single, db::batch,
                s -> s.substring(0, 1), 64, 1);
        CompletableFuture<String> first = group.submit("hold").subscribeAsCompletionStage().toCompletableFuture();
        List<CompletableFuture<String>> rest = new ArrayList<>();
        for (String s : List.of("x1", "y1", "x2", "z1", "x3")) {
            rest.add(group.submit(s).subscribeAsCompletionStage().toCompletableFuture());
        }
        db.release();
        first.orTimeout(10, TimeUnit.SECONDS).join();
        List<String> results = rest.stream().map(f -> f.orTimeout(10, TimeUnit.SECONDS).join()).toList();
        assertEquals(List.of("ok:x1", "ok:y1", "ok:x2", "ok:z1", "ok:x3"), results);
        // x1 y1 z1 together, then x2 alone, then x3 alone: never two x in one batch, order per key kept.
        assertEquals(List.of(List.of("x1", "y1", "z1")), db.batches);
        assertEquals(List.of("hold", "x2", "x3"), db.singles);
    }

    @Test
    void manyConcurrentWritersEachGetTheirOwnResultExactlyOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<String, Integer> runs = new ConcurrentHashMap<>();
        ExecutorService db = Executors.newFixedThreadPool(4);
        // A stand-in database that answers later, on its own threads, like the SQL client does.
        java.util.function.Function<List<String>, Uni<List<String>>> batch = inputs -> {
            int now = running.incrementAndGet();
            mostRunning.accumulateAndGet(now, Math::max);
            batchSizes.add(inputs.size());
            inputs.forEach(i -> runs.merge(i, 1, Integer::sum));
            return Uni.createFrom().completionStage(CompletableFuture.supplyAsync(() -> {
                sleep(ThreadLocalRandom.current().nextInt(3));
                running.decrementAndGet();
                return inputs.stream().map(i -> "ok:" + i).toList();
            }, db));
        };
        GroupCommit<String, String> group = new GroupCommit<>("test", i -> batch.apply(List.of(i)).map(List::getFirst),
                batch, null, 16, 2);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(callers.submit(() -> {
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    String input = thread + "-" + i;
                    String result = group.submit(input).await().atMost(WAIT);
                    if (!("ok:" + input).equals(result)) {
                        wrong.add(input + " -> " + result);
                    }
                }
                return wrong;
            }));
        }
        for (Future<List<String>> f : futures) {
            assertEquals(List.of(), f.get(60, TimeUnit.SECONDS));
        }
        callers.shutdown();
        db.shutdown();
        assertEquals(8 * 300, runs.size());
        assertTrue(runs.values().stream().allMatch(n -> n == 1), "every write ran exactly once");
        assertTrue(mostRunning.get() <= 2, "at most two batches at once, saw " + mostRunning.get());
        assertTrue(batchSizes.stream().allMatch(n -> n >= 1 && n <= 16), "batches within the limit");
        assertEquals(0, group.waiting());
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
