package dev.crowd.task;

import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis loses an ACTIVE job's claim queues (a restart without persistence, a failover): they are
 * rebuilt from PostgreSQL, and claims go on without breaking a claim invariant.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class QueueRebuildTest {

    @Inject
    EventJson json;

    @Inject
    Redis redis;

    @Test
    void queuesLostInRedisAreRebuiltFromTheDatabaseAndTheJobStillCompletes() {
        String requester = "req-rebuild";
        // 6 items in micro-jobs of 2 -> 3 micro-jobs x 2 slots = 6 leases; 2 gold items, 1 per micro-job.
        String jobId = Fixtures.activeJob(json, requester, Fixtures.jobBody("Rebuild", 2, 1, 2, 2, 600), 6, 2);
        Set<String> gold = strings(TestDatabase.column(
                "select id::text from item where job_id = ?::uuid and gold_label is not null", jobId));
        Map<String, Set<String>> seenBy = new HashMap<>();
        Map<String, String> activeLeases = new HashMap<>(); // assignment id -> worker

        // One annotator answered, another holds a live lease.
        Response answered = Fixtures.claim("ann-rb-done", jobId);
        answered.then().statusCode(200);
        record(seenBy, "ann-rb-done", answered);
        Fixtures.submit("ann-rb-done", answered.path("id"), Fixtures.answersFor(answered, "cat")).then().statusCode(200);
        Response held = Fixtures.claim("ann-rb-holding", jobId);
        held.then().statusCode(200);
        record(seenBy, "ann-rb-holding", held);
        activeLeases.put(held.path("id"), "ann-rb-holding");

        // Redis loses the job's keys, as a restart without persistence would.
        long deleted = deleteKeys("task:{" + jobId + "}:*");
        assertTrue(deleted >= 5, "the job's queues were in Redis (" + deleted + " keys)");
        Fixtures.claim("ann-rb-early", jobId).then().statusCode(204); // nothing to claim from: the queues are gone

        // Rebuilt (after the pending-claim grace): claims work again, the one who answered gets new items only.
        Response again = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> Fixtures.claim("ann-rb-done", jobId), r -> r.statusCode() == 200);
        record(seenBy, "ann-rb-done", again);
        activeLeases.put(again.path("id"), "ann-rb-done");
        List<String> firstItems = answered.path("items.id");
        for (String item : (List<String>) again.path("items.id")) {
            assertTrue(!firstItems.contains(item), "ann-rb-done got item " + item + " again after the rebuild");
        }

        // Further annotators take every slot left; nobody exceeds a micro-job's granted slots.
        for (int w = 0; w < 10; w++) {
            String worker = "ann-rb-more-" + w;
            while (true) {
                Response r = Fixtures.claim(worker, jobId);
                if (r.statusCode() == 204) {
                    break;
                }
                assertEquals(200, r.statusCode(), r.asString());
                record(seenBy, worker, r);
                activeLeases.put(r.path("id"), worker);
            }
        }

        List<Object> overGranted = TestDatabase.column("""
                select m.id from micro_job m
                where m.job_id = ?::uuid and m.slots < (select count(*) from assignment a
                      where a.micro_job_id = m.id and a.status in ('ACTIVE', 'SUBMITTED'))""", jobId);
        assertTrue(overGranted.isEmpty(), "micro-jobs leased beyond their slots: " + overGranted);
        assertEquals(6L, TestDatabase.count("""
                select count(*) from assignment where job_id = ?::uuid and status in ('ACTIVE', 'SUBMITTED')""", jobId),
                "every granted slot handed out exactly once");
        // Every annotator saw each item at most once (record() asserts it), gold within its budget (3 x 2 x 1).
        assertTrue(TestDatabase.count("select coalesce(sum(gold_count), 0) from assignment where job_id = ?::uuid",
                jobId) <= 6);
        Map<String, Integer> judgments = new HashMap<>();
        seenBy.values().forEach(items -> items.stream().filter(i -> !gold.contains(i))
                .forEach(i -> judgments.merge(i, 1, Integer::sum)));
        assertEquals(6, judgments.size());
        judgments.forEach((item, n) -> assertEquals(2, n, "item " + item + " judged by the policy's 2"));

        // The leases are answered, qa-service resolves every item: the job completes.
        for (var lease : activeLeases.entrySet()) {
            String worker = lease.getValue();
            Response view = io.restassured.RestAssured.given()
                    .auth().oauth2(dev.crowd.testing.TestTokens.annotator(worker))
                    .when().get("/assignments/" + lease.getKey());
            view.then().statusCode(200);
            Fixtures.submit(worker, lease.getKey(), Fixtures.answersFor(view, "cat")).then().statusCode(200);
        }
        for (String item : strings(TestDatabase.column(
                "select id::text from item where job_id = ?::uuid and gold_label is null", jobId))) {
            Fixtures.send(json, new ItemResolved(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                    UUID.fromString(item), "cat", 0.95, 1.0, 2, "dawid-skene", "1", false));
        }
        Fixtures.awaitStatus(requester, jobId, "COMPLETED");
    }

    /** Queues intact but unmarked (a job activated before the marker existed): marked ready, not rebuilt. */
    @Test
    void intactQueuesWithoutTheMarkerAreOnlyMarkedReady() {
        String jobId = Fixtures.activeJob(json, "req-rb-intact", Fixtures.jobBody("Intact", 2, 0, 1, 1, 600), 2, 0);
        assertEquals(1L, deleteKeys("task:{" + jobId + "}:ready"));
        Fixtures.claim("ann-rb-intact", jobId).then().statusCode(204); // no claim from an unmarked job
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> Fixtures.claim("ann-rb-intact", jobId).statusCode() == 200);
        Fixtures.claim("ann-rb-intact-2", jobId).then().statusCode(204); // the job's one slot, handed out once
    }

    private static void record(Map<String, Set<String>> seenBy, String worker, Response assignment) {
        Set<String> seen = seenBy.computeIfAbsent(worker, w -> new HashSet<>());
        for (String item : (List<String>) assignment.path("items.id")) {
            assertTrue(seen.add(item), worker + " got item " + item + " twice");
        }
    }

    private static Set<String> strings(List<Object> values) {
        Set<String> out = new HashSet<>();
        values.forEach(v -> out.add(v.toString()));
        return out;
    }

    /** SCAN + DEL of one job's keys (never FLUSHALL: other tests share this Redis). */
    private long deleteKeys(String pattern) {
        long deleted = 0;
        String cursor = "0";
        do {
            var page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
                    .await().atMost(Duration.ofSeconds(5));
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            page.get(1).forEach(k -> keys.add(k.toString()));
            if (!keys.isEmpty()) {
                Request del = Request.cmd(Command.DEL);
                keys.forEach(del::arg);
                deleted += redis.send(del).await().atMost(Duration.ofSeconds(5)).toLong();
            }
        } while (!"0".equals(cursor));
        return deleted;
    }
}
