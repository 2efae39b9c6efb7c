package dev.crowd.task;

import dev.crowd.contracts.Topics;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.json.EventJson;
import dev.crowd.task.service.WorkQueue;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims, leases, answers: the annotator side, against real Redis, PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class WorkTest {

    @Inject
    EventJson json;

    @Inject
    WorkQueue queue;

    @Test
    void manyParallelClaimersNeverShareASlotOrSeeAnItemTwice() throws Exception {
        // 12 items in micro-jobs of 3 -> 4 micro-jobs x 2 slots = 8 slots; 2 gold, 1 per micro-job.
        String jobId = Fixtures.activeJob(json, "req-conc", Fixtures.jobBody("Crowded", 3, 1, 2, 2, 600), 12, 2);
        int workers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Map<String, List<List<String>>> byWorker = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String worker = "ann-conc-" + w;
            futures.add(pool.submit(() -> {
                while (true) {
                    Response r = Fixtures.claim(worker, jobId);
                    if (r.statusCode() == 204) {
                        return;
                    }
                    assertEquals(200, r.statusCode(), r.asString());
                    byWorker.computeIfAbsent(worker, k -> new ArrayList<>()).add(r.path("items.id"));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Map<String, Integer> regularCounts = new HashMap<>();
        int assignments = 0;
        int goldShown = 0;
        Set<String> gold = new HashSet<>(dev.crowd.testing.TestDatabase.column(
                "select id::text from item where job_id = ?::uuid and gold_label is not null", jobId)
                .stream().map(Object::toString).toList());
        for (var entry : byWorker.entrySet()) {
            Set<String> seen = new HashSet<>();
            for (List<String> items : entry.getValue()) {
                assignments++;
                for (String item : items) {
                    assertTrue(seen.add(item), entry.getKey() + " got item " + item + " twice");
                    if (gold.contains(item)) {
                        goldShown++;
                    } else {
                        regularCounts.merge(item, 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(8, assignments, "every slot handed out exactly once");
        assertEquals(12, regularCounts.size());
        regularCounts.forEach((item, n) -> assertEquals(2, n, "item " + item + " judged by policy max"));
        assertTrue(goldShown <= 2 * 4 * 1, "gold judgments stay within the budgeted cap");
        assertEquals(8L, dev.crowd.testing.TestDatabase.count(
                "select count(*) from assignment where job_id = ?::uuid", jobId));
    }

    /**
     * The service dies after a claim took the slot in Redis and before the lease reached PostgreSQL:
     * the reconciler gives the slot back once the claim is older than the grace, so the job can finish.
     */
    @Test
    void aSlotTakenByAClaimThatNeverBecameALeaseIsGivenBack() {
        String jobId = Fixtures.activeJob(json, "req-lost", Fixtures.jobBody("Lost claim", 2, 0, 1, 1, 600), 2, 0);
        // What the dying service did: the claim script ran, nothing was written to the database.
        WorkQueue.Claim lost = queue.claim(UUID.fromString(jobId), "ann-dying", 0, 500, 1, UUID.randomUUID())
                .await().atMost(Duration.ofSeconds(5));
        assertNotNull(lost);
        Fixtures.claim("ann-after", jobId).then().statusCode(204); // the only slot is gone...

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> Fixtures.claim("ann-after", jobId).statusCode() == 200); // ...and back
        // A claim that did become a lease is left alone by the reconciler (past its grace and interval).
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        Fixtures.claim("ann-third", jobId).then().statusCode(204);
    }

    @Test
    void oneAnnotatorNeverGetsTheSameItemTwiceEvenWithSlotsLeft() {
        String jobId = Fixtures.activeJob(json, "req-once", Fixtures.jobBody("Once", 2, 1, 3, 3, 600), 4, 1);
        Response first = Fixtures.claim("ann-once", jobId);
        first.then().statusCode(200).body("items", hasSize(3));
        Response second = Fixtures.claim("ann-once", jobId);
        // The only gold item was already shown: the second micro-job comes without gold.
        second.then().statusCode(200).body("items", hasSize(2));
        Fixtures.claim("ann-once", jobId).then().statusCode(204);
        Set<String> all = new HashSet<>(first.path("items.id"));
        all.addAll(second.path("items.id"));
        assertEquals(5, all.size());
        // Someone else still finds work in the same micro-jobs.
        Fixtures.claim("ann-twice", jobId).then().statusCode(200);
    }

    @Test
    void submitIsForTheHolderOnlyAndValidated() {
        String jobId = Fixtures.activeJob(json, "req-val", Fixtures.jobBody("Validate", 2, 0, 1, 1, 600), 2, 0);
        Response a = Fixtures.claim("ann-holder", jobId);
        String id = a.path("id");
        given().auth().oauth2(TestTokens.annotator("ann-intruder")).when().get("/assignments/" + id)
                .then().statusCode(404);
        Fixtures.submit("ann-intruder", id, Fixtures.answersFor(a, "cat")).then().statusCode(404);
        given().auth().oauth2(TestTokens.annotator("ann-intruder")).when().post("/assignments/" + id + "/return")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.annotator("ann-holder")).when().get("/assignments/" + id)
                .then().statusCode(200).body("status", equalTo("ACTIVE")).body("items", hasSize(2));

        List<String> items = a.path("items.id");
        Fixtures.submit("ann-holder", id, Map.of("answers", List.of(
                        Map.of("itemId", items.get(0), "label", "horse", "timeSpentMillis", 10))))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("answers[0].label", "answers"));
        Fixtures.submit("ann-holder", id, Map.of("answers", List.of(
                        Map.of("itemId", items.get(0), "label", "cat", "timeSpentMillis", 10),
                        Map.of("itemId", UUID.randomUUID().toString(), "label", "cat", "timeSpentMillis", 10))))
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("answers[1].itemId"));
        Fixtures.submit("ann-holder", id, Map.of("answers", List.of(
                        Map.of("itemId", "not-a-uuid", "label", "cat", "timeSpentMillis", 10))))
                .then().statusCode(400);
        Fixtures.submit("ann-holder", id, Map.of("answers", List.of()))
                .then().statusCode(400).body("errors[0].field", containsString("answers"));
        Fixtures.submit("ann-holder", UUID.randomUUID().toString(), Fixtures.answersFor(a, "cat")).then().statusCode(404);
        given().auth().oauth2(TestTokens.requester("req-val")).contentType("application/json")
                .body(Fixtures.answersFor(a, "cat"))
                .when().post("/assignments/" + id + "/answers").then().statusCode(403);
    }

    @Test
    void submittingTheSameAnswersTwiceGivesOneEvent() {
        String jobId = Fixtures.activeJob(json, "req-idem", Fixtures.jobBody("Idempotent", 2, 0, 1, 1, 600), 2, 0);
        Response a = Fixtures.claim("ann-idem", jobId);
        String id = a.path("id");
        Map<String, Object> answers = Fixtures.answersFor(a, "dog");
        String first = Fixtures.submit("ann-idem", id, answers).then().statusCode(200).extract().asString();
        String again = Fixtures.submit("ann-idem", id, answers).then().statusCode(200).extract().asString();
        assertEquals(first, again);
        Fixtures.submit("ann-idem", id, Fixtures.answersFor(a, "cat")).then().statusCode(409);
        // Wait for the first event, then make sure no second one follows.
        assertEquals(1, KafkaRecords.read(Topics.WORK, r -> r.value().contains(id), 1, Duration.ofSeconds(15)).size());
        assertEquals(1, KafkaRecords.read(Topics.WORK, r -> r.value().contains(id), 2, Duration.ofSeconds(3)).size());
        assertEquals(2L, dev.crowd.testing.TestDatabase.count(
                "select count(*) from answer where assignment_id = ?::uuid", id));
    }

    @Test
    void anExpiredLeaseIsGoneAndItsSlotReturnsWithinSeconds() {
        String jobId = Fixtures.activeJob(json, "req-lease", Fixtures.jobBody("Short lease", 2, 0, 1, 1, 1), 2, 0);
        Response a = Fixtures.claim("ann-slow", jobId);
        String id = a.path("id");
        Fixtures.claim("ann-waiting", jobId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(15)).until(() -> dev.crowd.testing.TestDatabase.count(
                "select count(*) from assignment where id = ?::uuid and status = 'EXPIRED'", id) == 1);
        // Nobody consumes the end of a lease: no event is written for it.
        assertEquals(0, KafkaRecords.read(Topics.WORK, r -> r.value().contains(id), 1, Duration.ofSeconds(2)).size());
        Fixtures.submit("ann-slow", id, Fixtures.answersFor(a, "cat"))
                .then().statusCode(410).contentType("application/problem+json");
        Fixtures.claim("ann-waiting", jobId).then().statusCode(200).body("items.id", equalTo(a.path("items.id")));
    }

    @Test
    void givingWorkBackReopensTheSlot() {
        String jobId = Fixtures.activeJob(json, "req-return", Fixtures.jobBody("Return", 2, 0, 1, 1, 600), 2, 0);
        Response a = Fixtures.claim("ann-quitter", jobId);
        String id = a.path("id");
        Fixtures.claim("ann-next", jobId).then().statusCode(204);
        given().auth().oauth2(TestTokens.annotator("ann-quitter")).when().post("/assignments/" + id + "/return")
                .then().statusCode(204);
        given().auth().oauth2(TestTokens.annotator("ann-quitter")).when().post("/assignments/" + id + "/return")
                .then().statusCode(410);
        Fixtures.submit("ann-quitter", id, Fixtures.answersFor(a, "cat")).then().statusCode(410);
        Fixtures.claim("ann-next", jobId).then().statusCode(200);
        assertEquals(1L, dev.crowd.testing.TestDatabase.count(
                "select count(*) from assignment where id = ?::uuid and status = 'RETURNED'", id));
        assertEquals(0, KafkaRecords.read(Topics.WORK, r -> r.value().contains(id), 1, Duration.ofSeconds(2)).size());
    }

    @Test
    void judgmentsRequestedReopensExactlyThoseItemsUpToTheMaximum() {
        String jobId = Fixtures.activeJob(json, "req-more", Fixtures.jobBody("More", 2, 0, 1, 2, 600), 2, 0);
        Response a = Fixtures.claim("ann-m1", jobId);
        Fixtures.submit("ann-m1", a.path("id"), Fixtures.answersFor(a, "cat")).then().statusCode(200);
        Fixtures.claim("ann-m2", jobId).then().statusCode(204);
        String item = ((List<String>) a.path("items.id")).getFirst();
        JudgmentsRequested more = new JudgmentsRequested(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                List.of(UUID.fromString(item)));
        Fixtures.send(json, more);
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.claim("ann-m2", jobId).statusCode() == 200);
        // The item is at its maximum (2) now: asking again opens nothing.
        Fixtures.send(json, new JudgmentsRequested(UUID.randomUUID(), Instant.now(), UUID.fromString(jobId),
                List.of(UUID.fromString(item))));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Fixtures.claim("ann-m3", jobId).statusCode() == 204);
        assertEquals(1L, dev.crowd.testing.TestDatabase.count("select extra_granted from item where id = ?::uuid", item),
                "min 1 + 1 extra = the maximum 2");
    }

    @Test
    void suspendedAnnotatorGets403WithTheReasonAndIneligibleJobsAreSkipped() {
        String jobId = Fixtures.activeJob(json, "req-elig", Fixtures.jobBody("Eligible", 2, 0, 1, 1, 600), 2, 0);
        Fixtures.send(json, new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), "ann-bad", WorkerStatus.SUSPENDED,
                10, Set.of(), Set.of(), Set.of(), "gold accuracy below 70%"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.claim("ann-bad", jobId).statusCode() == 403);
        Fixtures.claim("ann-bad", null).then().statusCode(403).body("detail", containsString("gold accuracy below 70%"));

        Fixtures.send(json, new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), "ann-job-banned",
                WorkerStatus.ACTIVE, 90, Set.of(), Set.of(), Set.of(UUID.fromString(jobId)), "too fast on this job"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.claim("ann-job-banned", jobId).statusCode() == 403);

        Map<String, Object> strict = new HashMap<>(Fixtures.jobBody("Experts only", 2, 0, 1, 1, 600));
        strict.put("eligibility", Map.of("minTrust", 80, "skills", List.of("radiology"), "qualifications", List.of()));
        String expertJob = Fixtures.activeJob(json, "req-elig", strict, 2, 0);
        Fixtures.claim("ann-novice", expertJob).then().statusCode(403).body("detail", containsString("trust 80"));
        Fixtures.send(json, new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), "ann-expert", WorkerStatus.ACTIVE,
                95, Set.of("radiology"), Set.of(), Set.of(), null));
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.claim("ann-expert", expertJob).statusCode() == 200);
    }

    @Test
    void unknownJobIs404AndWorkWithoutJobIdFindsSomething() {
        Fixtures.claim("ann-any", UUID.randomUUID().toString()).then().statusCode(404);
        Fixtures.activeJob(json, "req-any", Fixtures.jobBody("Any", 2, 0, 1, 1, 600), 2, 0);
        Response r = Fixtures.claim("ann-any", null);
        r.then().statusCode(200);
        assertTrue(((List<?>) r.path("items")).size() > 0);
    }

    @Test
    void aLeaseKeepsUploadOrderMixesGoldInAndReadsBackTheSame() {
        String jobId = Fixtures.activeJob(json, "req-order", Fixtures.jobBody("Order", 3, 1, 1, 1, 600), 3, 1);
        Response a = Fixtures.claim("ann-order", jobId);
        a.then().statusCode(200).body("items", hasSize(4));
        List<String> texts = a.path("items.data.text");
        List<String> regular = texts.stream().filter(t -> t.startsWith("item ")).toList();
        assertEquals(List.of("item 0", "item 1", "item 2"), regular, "regular items keep their upload order");
        assertEquals(1, texts.stream().filter(t -> t.startsWith("gold ")).count(), "one gold item, unmarked");

        String id = a.path("id");
        Response again = given().auth().oauth2(TestTokens.annotator("ann-order")).when().get("/assignments/" + id);
        again.then().statusCode(200);
        assertEquals(a.jsonPath().getList("items"), again.jsonPath().getList("items"), "same items, same order, same data");
        assertEquals(a.jsonPath().getString("leaseEndsAt"), again.jsonPath().getString("leaseEndsAt"));
        assertEquals(String.join(",", a.<List<String>>path("items.id")), dev.crowd.testing.TestDatabase.column(
                "select item_ids from assignment where id = ?::uuid", id).getFirst().toString());
    }

    @Test
    void concurrentIdenticalSubmitsStoreTheAnswersOnceAndAnnounceOnce() throws Exception {
        String jobId = Fixtures.activeJob(json, "req-race", Fixtures.jobBody("Race", 3, 0, 1, 1, 600), 3, 0);
        Response a = Fixtures.claim("ann-race", jobId);
        String id = a.path("id");
        Map<String, Object> answers = Fixtures.answersFor(a, "dog");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(pool.submit(() -> Fixtures.submit("ann-race", id, answers)));
        }
        Set<String> bodies = new HashSet<>();
        for (Future<Response> f : sent) {
            Response r = f.get();
            assertEquals(200, r.statusCode(), r.asString());
            bodies.add(r.asString());
        }
        pool.shutdown();
        assertEquals(1, bodies.size(), "every duplicate gets the first result");
        assertEquals(3L, dev.crowd.testing.TestDatabase.count(
                "select count(*) from answer where assignment_id = ?::uuid", id));
        assertEquals(1L, dev.crowd.testing.TestDatabase.count(
                "select count(*) from outbox_message where event_type like '%.AssignmentSubmitted.v%' and payload like ?",
                "%" + id + "%"));
        assertEquals(1, KafkaRecords.read(Topics.WORK, r -> r.value().contains(id), 1, Duration.ofSeconds(15)).size());
    }

    @Test
    void aPausedJobTakesAnswersButHandsOutNothingAndACancelledOneTakesNoAnswers() {
        String requester = "req-pause";
        String jobId = Fixtures.activeJob(json, requester, Fixtures.jobBody("Pause", 1, 0, 1, 1, 600), 3, 0);
        Response first = Fixtures.claim("ann-p1", jobId);
        Response second = Fixtures.claim("ann-p2", jobId);
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + jobId + "/pause")
                .then().statusCode(200);
        Fixtures.claim("ann-p3", jobId).then().statusCode(204);
        Fixtures.submit("ann-p1", first.path("id"), Fixtures.answersFor(first, "cat")).then().statusCode(200);
        given().auth().oauth2(TestTokens.requester(requester)).when().post("/jobs/" + jobId + "/cancel")
                .then().statusCode(200);
        Fixtures.claim("ann-p3", jobId).then().statusCode(404);
        Fixtures.submit("ann-p2", second.path("id"), Fixtures.answersFor(second, "cat"))
                .then().statusCode(410).contentType("application/problem+json").body("detail", containsString("CANCELLED"));
        assertEquals(0L, dev.crowd.testing.TestDatabase.count(
                "select count(*) from answer where assignment_id = ?::uuid", second.<String>path("id")));
    }

    @Test
    void anAnnotatorFindsWorkBeyondTheFirstPageOfMicroJobsTheyHaveSeen() {
        // 40 one-item micro-jobs with 2 slots: after 33 claims the 33 oldest still have a slot, all seen
        // by this annotator, so the claim must look past the first page of the open set.
        String jobId = Fixtures.activeJob(json, "req-deep", Fixtures.jobBody("Deep", 1, 0, 2, 2, 600), 40, 0);
        Set<String> items = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Response r = Fixtures.claim("ann-deep", jobId);
            r.then().statusCode(200);
            assertTrue(items.add(r.<List<String>>path("items.id").getFirst()), "never the same item twice");
            // Answered at once: an annotator holds at most three leases (claims.max-active-leases).
            Fixtures.submit("ann-deep", r.path("id"), Fixtures.answersFor(r, "cat")).then().statusCode(200);
        }
        Fixtures.claim("ann-deep", jobId).then().statusCode(204);
        Fixtures.claim("ann-other", jobId).then().statusCode(200);
    }
}
