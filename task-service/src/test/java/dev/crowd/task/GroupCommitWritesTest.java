package dev.crowd.task;

import dev.crowd.contracts.Topics;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.platform.json.EventJson;
import dev.crowd.task.service.WorkStore;
import dev.crowd.task.service.WorkStore.ItemData;
import dev.crowd.task.service.WorkStore.LeaseWrite;
import dev.crowd.task.service.SubmitStore;
import dev.crowd.task.service.SubmitStore.SubmitWrite;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit of the lease and submit writes against the real database: a batch is all or nothing,
 * and one bad write among many fails alone while the others are committed and acknowledged once.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class GroupCommitWritesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    EventJson json;

    @Inject
    WorkStore store;
    @Inject
    SubmitStore submitStore;

    private record Job(UUID id, List<Long> microJobs, List<UUID> gold) {
    }

    private Job job(String requester, int microJobs) {
        String jobId = Fixtures.activeJob(json, requester, Fixtures.jobBody("Group " + requester, 2, 1, 1, 1, 600),
                2 * microJobs, 2);
        List<Long> mjs = TestDatabase.column("select id from micro_job where job_id = ?::uuid order by id", jobId)
                .stream().map(o -> ((Number) o).longValue()).toList();
        List<UUID> gold = TestDatabase.column("select id::text from item where job_id = ?::uuid and gold_label is not null"
                + " order by id", jobId).stream().map(o -> UUID.fromString(o.toString())).toList();
        return new Job(UUID.fromString(jobId), mjs, gold);
    }

    private static LeaseWrite lease(Job job, long microJobId, String worker, List<UUID> gold) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        double[] positions = new double[gold.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = (i + 1) / (positions.length + 1.0);
        }
        return new LeaseWrite(UUID.randomUUID(), job.id(), microJobId, worker, gold, positions, now, now.plusMinutes(10));
    }

    private static List<String> regularItemsOf(long microJobId) {
        return List.of(TestDatabase.column("select item_ids from micro_job where id = ?", microJobId)
                .getFirst().toString().split(","));
    }

    private static long leases(List<LeaseWrite> writes) {
        return TestDatabase.count("select count(*) from assignment where id = any(?::uuid[])",
                "{" + String.join(",", writes.stream().map(w -> w.assignmentId().toString()).toList()) + "}");
    }

    @Test
    void aBatchOfLeasesIsAllOrNothingAndOneBadLeaseAmongConcurrentOnesFailsAlone() {
        Job job = job("req-gc-lease", 4);
        List<LeaseWrite> good = List.of(
                lease(job, job.microJobs().get(0), "ann-gc-1", List.of(job.gold().get(0))),
                lease(job, job.microJobs().get(1), "ann-gc-2", List.of()),
                lease(job, job.microJobs().get(2), "ann-gc-3", job.gold()));
        LeaseWrite bad = lease(job, -1, "ann-gc-4", List.of()); // no such micro-job: the row cannot be written

        List<LeaseWrite> withBad = new ArrayList<>(good);
        withBad.add(1, bad);
        assertThrows(Exception.class, () -> store.leaseMany(withBad).await().atMost(WAIT));
        assertEquals(0L, leases(withBad), "a failed batch writes nothing");

        List<List<ItemData>> items = store.leaseMany(good).await().atMost(WAIT);
        assertEquals(3, items.size());
        assertEquals(3L, leases(good));
        for (int i = 0; i < good.size(); i++) {
            LeaseWrite w = good.get(i);
            List<String> shown = items.get(i).stream().map(d -> d.id().toString()).toList();
            List<String> regular = regularItemsOf(w.microJobId());
            assertEquals(regular.size() + w.goldItemIds().size(), shown.size(), "lease " + i);
            assertEquals(regular, shown.stream().filter(regular::contains).toList(), "regular items keep their order");
            assertTrue(shown.containsAll(w.goldItemIds().stream().map(UUID::toString).toList()), "gold mixed in");
            assertEquals(String.join(",", shown), TestDatabase.column("select item_ids from assignment where id = ?::uuid",
                    w.assignmentId().toString()).getFirst().toString(), "stored order = shown order");
            assertTrue(items.get(i).stream().allMatch(d -> d.json().contains("text")), "with the items' data");
        }

        // Through the batcher, all at once: the bad one fails with its own error, the others are committed.
        List<LeaseWrite> concurrent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            concurrent.add(lease(job, job.microJobs().get(i % 4), "ann-gc-c" + i, i % 3 == 0 ? List.of(job.gold().get(1)) : List.of()));
        }
        LeaseWrite badToo = lease(job, -2, "ann-gc-bad", List.of());
        concurrent.add(5, badToo);
        List<CompletableFuture<List<ItemData>>> results = concurrent.stream()
                .map(w -> store.lease(w).subscribeAsCompletionStage().toCompletableFuture()).toList();
        for (int i = 0; i < concurrent.size(); i++) {
            CompletableFuture<List<ItemData>> r = results.get(i).orTimeout(20, TimeUnit.SECONDS);
            if (concurrent.get(i) == badToo) {
                assertThrows(Exception.class, r::join);
            } else {
                assertEquals(regularItemsOf(concurrent.get(i).microJobId()).size()
                        + concurrent.get(i).goldItemIds().size(), r.join().size());
            }
        }
        assertEquals(12L, leases(concurrent));
    }

    @Test
    void aBatchOfSubmitsIsAllOrNothingAndOneBadSubmitAmongConcurrentOnesFailsAlone() {
        Job job = job("req-gc-submit", 4);
        List<LeaseWrite> leased = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            leased.add(lease(job, job.microJobs().get(i % 4), "ann-gcs-" + i, List.of()));
        }
        store.leaseMany(leased).await().atMost(WAIT);

        List<SubmitWrite> first = List.of(submit(job, leased.get(0), false), submit(job, leased.get(1), false));
        SubmitWrite broken = submit(job, leased.get(2), true); // the same item answered twice: the insert fails
        List<SubmitWrite> withBroken = List.of(first.get(0), broken, first.get(1));
        assertThrows(Exception.class, () -> submitStore.submitMany(withBroken).await().atMost(WAIT));
        assertEquals(0L, submitted(withBroken), "a failed batch writes nothing");
        assertEquals(0L, events(withBroken));

        assertEquals(List.of(true, true), submitStore.submitMany(first).await().atMost(WAIT));
        // Already submitted: not written again (false), like the single statement.
        SubmitWrite late = submit(job, leased.get(0), false);
        assertEquals(List.of(false, true), submitStore.submitMany(List.of(late, submit(job, leased.get(3), false)))
                .await().atMost(WAIT));

        List<SubmitWrite> concurrent = new ArrayList<>();
        for (int i = 4; i < 10; i++) {
            concurrent.add(submit(job, leased.get(i), false));
        }
        concurrent.add(2, broken);
        List<CompletableFuture<Boolean>> results = concurrent.stream()
                .map(w -> submitStore.submit(w.event(), w.digest(), w.now()).subscribeAsCompletionStage().toCompletableFuture())
                .toList();
        for (int i = 0; i < concurrent.size(); i++) {
            CompletableFuture<Boolean> r = results.get(i).orTimeout(20, TimeUnit.SECONDS);
            if (concurrent.get(i) == broken) {
                assertThrows(Exception.class, r::join);
            } else {
                assertEquals(true, r.join());
            }
        }
        List<SubmitWrite> good = concurrent.stream().filter(w -> w != broken).toList();
        assertEquals(6L, submitted(good));
        assertEquals(6L, events(good), "one event per submit");
        assertEquals(0L, submitted(List.of(broken)));
        assertEquals(0L, events(List.of(broken)));
        for (SubmitWrite w : good) {
            assertEquals(2L, TestDatabase.count("select count(*) from answer where assignment_id = ?::uuid",
                    w.event().assignmentId().toString()));
        }
    }

    private static SubmitWrite submit(Job job, LeaseWrite lease, boolean sameItemTwice) {
        List<String> items = regularItemsOf(lease.microJobId());
        List<AssignmentSubmitted.Answer> answers = new ArrayList<>();
        for (String item : items) {
            answers.add(new AssignmentSubmitted.Answer(UUID.fromString(sameItemTwice ? items.getFirst() : item), "cat", 700));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return new SubmitWrite(new AssignmentSubmitted(UUID.randomUUID(), Instant.now(), job.id(), lease.assignmentId(),
                lease.workerId(), answers), "digest-" + lease.assignmentId(), now);
    }

    private static String ids(List<SubmitWrite> writes) {
        return "{" + String.join(",", writes.stream().map(w -> w.event().assignmentId().toString()).toList()) + "}";
    }

    private static long submitted(List<SubmitWrite> writes) {
        return TestDatabase.count("select count(*) from assignment where status = 'SUBMITTED' and id = any(?::uuid[])",
                ids(writes));
    }

    private static long events(List<SubmitWrite> writes) {
        return TestDatabase.count("select count(*) from outbox_message where event_id = any(?::uuid[])",
                "{" + String.join(",", writes.stream().map(w -> w.event().eventId().toString()).toList()) + "}");
    }

    /**
     * Many annotators submit at the same time, some of them wrongly: every good submit is committed and
     * acknowledged once (one event each), every bad one gets its own problem, and replays answer the same.
     */
    @Test
    void concurrentSubmitsAreAllCommittedAndEachAcknowledgedOnceWhileBadOnesGetTheirOwnProblem() throws Exception {
        int annotators = 24;
        String jobId = Fixtures.activeJob(json, "req-gc-http", Fixtures.jobBody("Group HTTP", 2, 0, 1, 1, 600),
                2 * annotators, 0);
        List<Response> claims = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            Response r = Fixtures.claim("ann-gch-" + i, jobId);
            r.then().statusCode(200);
            claims.add(r);
        }
        ExecutorService pool = Executors.newFixedThreadPool(annotators + 8);
        List<Future<Response>> good = new ArrayList<>();
        List<Future<Response>> unknownLabel = new ArrayList<>();
        List<Future<Response>> intruder = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            String worker = "ann-gch-" + i;
            Response claim = claims.get(i);
            String id = claim.path("id");
            if (i % 6 == 1) {
                unknownLabel.add(pool.submit(() -> Fixtures.submit(worker, id, Fixtures.answersFor(claim, "horse"))));
            }
            if (i % 6 == 2) {
                intruder.add(pool.submit(() -> Fixtures.submit("ann-gch-intruder", id, Fixtures.answersFor(claim, "cat"))));
            }
            good.add(pool.submit(() -> Fixtures.submit(worker, id, Fixtures.answersFor(claim, "dog"))));
        }
        List<String> bodies = new ArrayList<>();
        for (Future<Response> f : good) {
            Response r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.asString());
            bodies.add(r.asString());
        }
        for (Future<Response> f : unknownLabel) {
            Response r = f.get(60, TimeUnit.SECONDS);
            assertEquals(400, r.statusCode(), r.asString());
            assertTrue(r.asString().contains("unknown label horse"), r.asString());
        }
        for (Future<Response> f : intruder) {
            assertEquals(404, f.get(60, TimeUnit.SECONDS).statusCode());
        }
        // Replays, concurrently: the same result; other answers: 409.
        List<Future<Response>> replays = new ArrayList<>();
        List<Future<Response>> conflicts = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            String worker = "ann-gch-" + i;
            Response claim = claims.get(i);
            String id = claim.path("id");
            replays.add(pool.submit(() -> Fixtures.submit(worker, id, Fixtures.answersFor(claim, "dog"))));
            conflicts.add(pool.submit(() -> Fixtures.submit(worker, id, Fixtures.answersFor(claim, "cat"))));
        }
        for (int i = 0; i < annotators; i++) {
            Response r = replays.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(bodies.get(i), r.asString());
            assertEquals(409, conflicts.get(i).get(60, TimeUnit.SECONDS).statusCode());
        }
        pool.shutdown();

        assertEquals((long) 2 * annotators, TestDatabase.count(
                "select count(*) from answer where job_id = ?::uuid and label = 'dog'", jobId));
        assertEquals(0L, TestDatabase.count(
                "select count(*) from answer where job_id = ?::uuid and label <> 'dog'", jobId));
        assertEquals((long) annotators, TestDatabase.count(
                "select count(*) from outbox_message where event_type like '%.AssignmentSubmitted.v%' and payload like ?",
                "%" + jobId + "%"));
        for (Response claim : claims) {
            String id = claim.path("id");
            assertEquals(1L, TestDatabase.count(
                    "select count(*) from outbox_message where event_type like '%.AssignmentSubmitted.v%' and payload like ?",
                    "%" + id + "%"), "one event for " + id);
        }
        assertEquals(annotators, KafkaRecords.read(Topics.WORK,
                r -> r.value().contains(jobId) && r.value().contains("AssignmentSubmitted"), annotators, WAIT).size());
    }
}
