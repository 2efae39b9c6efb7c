package dev.crowd.qa;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Money;
import dev.crowd.contracts.Topics;
import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.OverlapPolicy;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.contracts.quality.WorkerScored;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.json.EventJson;
import dev.crowd.qa.core.AnnotatorReasons;
import dev.crowd.qa.scheduled.ReestimationTimer;
import io.quarkus.vertx.VertxContextSupport;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Events in, events out, against the real broker and database: gold checks, dynamic overlap,
 * resolution, reviews, redelivery, sanctions, re-estimation, appeals, and who may see what.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class QualityFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventJson json;

    @Inject
    ReestimationTimer timer;

    /**
     * After a restart, answers on a gold item can arrive before its GoldRegistered chunk (two topics):
     * they are judged against the gold when it comes, and the item leaves consensus.
     */
    @Test
    void answersThatArriveBeforeTheirGoldLabelAreJudgedAgainstItWhenItComes() {
        UUID job = UUID.randomUUID();
        UUID gold = UUID.randomUUID();
        String w1 = "early-1-" + job;
        String w2 = "early-2-" + job;
        submitJob(job, "req-" + job, 3, 5, 0.9);
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        send(assignment(job, a1, w1, Map.of(gold, "cat")));
        send(assignment(job, a2, w2, Map.of(gold, "dog")));
        events(job, WorkerScored.class, e -> e.workerId().equals(w2), 1);
        assertThat(allEvents(job, AnswersReviewed.class)).isEmpty(); // an ordinary item, not resolved yet

        send(new GoldRegistered(UUID.randomUUID(), Instant.now(), job, 0, 1, List.of(new GoldRegistered.GoldItem(gold, "cat"))));
        List<AnswersReviewed> reviews = events(job, AnswersReviewed.class, e -> true, 1);
        List<AnswersReviewed.Verdict> verdicts = reviews.stream().flatMap(r -> r.verdicts().stream()).toList();
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts).filteredOn(v -> v.assignmentId().equals(a1)).singleElement()
                .satisfies(v -> assertThat(v.accepted()).isTrue());
        assertThat(verdicts).filteredOn(v -> v.assignmentId().equals(a2)).singleElement()
                .satisfies(v -> assertThat(v.reason()).isEqualTo("gold: expected cat, answered dog"));
        WorkerScored w2Score = last(events(job, WorkerScored.class, e -> e.workerId().equals(w2) && e.goldTotal() == 1, 1));
        assertThat(w2Score.goldCorrect()).isZero();
        assertThat(TestDatabase.count("select count(*) from item_state where item_id = ?", gold)).isZero();
    }

    /**
     * With one judgment per item there is no consensus to disagree with. The item still resolves to the
     * model's best guess (here "dog": the annotator failed every gold item, so the model reads "cat" from
     * them as evidence of "dog"), but the lone answer is paid and does not count as a disagreement. It
     * used to be rejected, which lowered the annotator's agreement and made the next rejection likelier:
     * a third of the answers of reliable annotators went unpaid on such jobs.
     */
    @Test
    void aLoneAnswerIsNeverRejectedForDisagreeingWithAConsensusNobodyElseGave() {
        UUID job = UUID.randomUUID();
        String worker = "lone-" + job;
        submitJob(job, "req-" + job, 1, 1, 0.5);
        List<GoldRegistered.GoldItem> golds = new ArrayList<>();
        Map<UUID, String> wrongOnGold = new java.util.HashMap<>();
        for (int g = 0; g < 6; g++) {
            UUID gold = UUID.randomUUID();
            golds.add(new GoldRegistered.GoldItem(gold, "cat"));
            wrongOnGold.put(gold, "dog");
        }
        send(new GoldRegistered(UUID.randomUUID(), Instant.now(), job, 0, 1, golds));
        // the gold must be known before the answers on it arrive (two topics), or they are ordinary items
        await().atMost(WAIT).until(() -> TestDatabase.count("select count(*) from gold_label where job_id = ?", job) == 6);
        send(assignment(job, UUID.randomUUID(), worker, wrongOnGold));
        events(job, WorkerScored.class, e -> e.workerId().equals(worker) && e.goldTotal() == 6, 1);

        UUID item = UUID.randomUUID();
        UUID lone = UUID.randomUUID();
        send(assignment(job, lone, worker, Map.of(item, "cat")));
        ItemResolved resolved = events(job, ItemResolved.class, e -> e.itemId().equals(item), 1).getFirst();
        assertThat(resolved.judgments()).isEqualTo(1);
        AnswersReviewed.Verdict verdict = events(job, AnswersReviewed.class,
                e -> e.verdicts().stream().anyMatch(v -> v.assignmentId().equals(lone)), 1).stream()
                .flatMap(r -> r.verdicts().stream()).filter(v -> v.assignmentId().equals(lone)).findFirst().orElseThrow();
        assertThat(verdict.accepted()).as("the lone answer on %s (resolved %s)", item, resolved.label()).isTrue();
        // the score published with the verdict (the first one came with the gold checks)
        WorkerScored score = last(events(job, WorkerScored.class,
                e -> e.workerId().equals(worker) && e.goldTotal() == 6, 2));
        assertThat(score.reviewed()).as("a lone answer is no evidence of agreement").isZero();
    }

    @Test
    void goldIsCheckedAtOnceItemsResolveByPolicyAndEveryAnswerIsReviewedOnce() {
        UUID job = UUID.randomUUID();
        UUID gold = UUID.randomUUID();
        UUID i1 = UUID.randomUUID();
        UUID i2 = UUID.randomUUID();
        String requester = "req-" + job;
        String w1 = "w1-" + job;
        String w2 = "w2-" + job;
        String w3 = "w3-" + job;
        String w4 = "w4-" + job;
        submitJob(job, requester, 2, 4, 0.9);
        send(new GoldRegistered(UUID.randomUUID(), Instant.now(), job, 0, 1, List.of(new GoldRegistered.GoldItem(gold, "cat"))));

        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID a3 = UUID.randomUUID();
        UUID a4 = UUID.randomUUID();
        send(assignment(job, a1, w1, Map.of(gold, "cat", i1, "dog", i2, "cat")));
        send(assignment(job, a2, w2, Map.of(gold, "dog", i1, "dog", i2, "dog")));
        // w1 is right on gold (0.76), w2 wrong (0.56): neither item is confident yet, both get one more slot
        List<JudgmentsRequested> firstRequest = events(job, JudgmentsRequested.class, e -> true, 1);
        assertThat(firstRequest.getFirst().itemIds()).containsExactlyInAnyOrder(i1, i2);

        AssignmentSubmitted third = assignment(job, a3, w3, Map.of(i1, "dog", i2, "cat"));
        send(third);
        send(assignment(job, a4, w4, Map.of(i2, "dog")));

        List<ItemResolved> resolved = events(job, ItemResolved.class, e -> true, 2);
        ItemResolved first = resolved.stream().filter(r -> r.itemId().equals(i1)).findFirst().orElseThrow();
        ItemResolved second = resolved.stream().filter(r -> r.itemId().equals(i2)).findFirst().orElseThrow();
        assertThat(first.label()).isEqualTo("dog");
        assertThat(first.judgments()).isEqualTo(3);
        assertThat(first.lowConfidence()).isFalse();
        assertThat(first.confidence()).isGreaterThanOrEqualTo(0.9);
        assertThat(first.agreement()).isEqualTo(1.0);
        assertThat(first.method()).isEqualTo("dawid-skene-online");
        // i2 reached the maximum of 4 without the target: resolved, flagged
        assertThat(second.label()).isEqualTo("cat");
        assertThat(second.judgments()).isEqualTo(4);
        assertThat(second.lowConfidence()).isTrue();
        assertThat(second.confidence()).isLessThan(0.9);
        assertThat(second.agreement()).isCloseTo(0.5, within(1e-9));

        // redelivery: the same event again, and the same submission under a new event id
        send(third);
        send(new AssignmentSubmitted(UUID.randomUUID(), Instant.now(), job, a3, w3, third.answers()));
        // a marker on the same partition: once it is processed, so are the redeliveries
        String marker = "marker-" + job;
        send(assignment(job, UUID.randomUUID(), marker, Map.of(UUID.randomUUID(), "cat")));
        events(job, WorkerScored.class, e -> e.workerId().equals(marker), 1);

        List<AnswersReviewed.Verdict> verdicts = allEvents(job, AnswersReviewed.class).stream()
                .flatMap(r -> r.verdicts().stream()).toList();
        Map<String, Long> perAnswer = verdicts.stream()
                .collect(Collectors.groupingBy(v -> v.assignmentId() + "/" + v.itemId(), Collectors.counting()));
        assertThat(perAnswer).hasSize(9).allSatisfy((answer, times) -> assertThat(times).as(answer).isEqualTo(1));
        assertThat(verdicts).filteredOn(v -> !v.accepted()).extracting(AnswersReviewed.Verdict::reason)
                .containsExactlyInAnyOrder("gold: expected cat, answered dog",
                        "consensus: cat (confidence 0.71), answered dog", "consensus: cat (confidence 0.71), answered dog");
        assertThat(verdicts).filteredOn(v -> v.assignmentId().equals(a2) && v.itemId().equals(gold))
                .singleElement().satisfies(v -> assertThat(v.accepted()).isFalse());

        WorkerScored w2Score = last(events(job, WorkerScored.class, e -> e.workerId().equals(w2), 3));
        assertThat(w2Score.goldCorrect()).isZero();
        assertThat(w2Score.goldTotal()).isEqualTo(1);
        assertThat(w2Score.reviewed()).isEqualTo(2);
        assertThat(w2Score.agreed()).isEqualTo(1);
        assertThat(w2Score.labels()).containsExactly("cat", "dog");

        // the requester's view
        given().auth().oauth2(TestTokens.requester(requester))
                .when().get("/jobs/{id}/quality", job)
                .then().statusCode(200)
                .body("items.resolved", equalTo(2))
                .body("items.lowConfidence", equalTo(1))
                .body("items.gold", equalTo(1))
                .body("goldAccuracy.count", equalTo(1))
                .body("goldAccuracy.total", equalTo(2))
                .body("agreement.count", equalTo(5))
                .body("agreement.total", equalTo(7))
                .body("labelDistribution.cat", equalTo(1))
                .body("labelDistribution.dog", equalTo(1))
                .body("labelConfusion.labels", equalTo(List.of("cat", "dog")))
                .body("labelConfusion.counts", equalTo(List.of(List.of(2, 2), List.of(0, 3))))
                .body("confidenceHistogram.size()", equalTo(10))
                .body("confidenceHistogram[7].count", equalTo(1))
                .body("confidenceHistogram[9].count", equalTo(1));
        given().auth().oauth2(TestTokens.requester(requester))
                .when().get("/jobs/{id}/items/{item}/quality", job, i2)
                .then().statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("label", equalTo("cat"))
                .body("lowConfidence", equalTo(true))
                .body("judgments.size()", equalTo(4))
                .body("posterior.cat", org.hamcrest.Matchers.greaterThan(0.5f));
        given().auth().oauth2(TestTokens.requester(requester))
                .when().get("/jobs/{id}/items/{item}/quality", job, gold)
                .then().statusCode(200).body("status", equalTo("GOLD")).body("goldLabel", equalTo("cat"));

        // annotators see their own numbers, never gold labels or others' answers
        given().auth().oauth2(TestTokens.annotator(w2))
                .when().get("/workers/me/quality")
                .then().statusCode(200)
                .body("workerId", equalTo(w2))
                .body("goldAccuracy.count", equalTo(0))
                .body("goldAccuracy.total", equalTo(1))
                .body("rejected", equalTo(2))
                .body("jobs[0].confusion", nullValue())
                .body(not(containsString("expected")));
        given().auth().oauth2(TestTokens.admin("admin-1"))
                .when().get("/workers/{id}/quality", w2)
                .then().statusCode(200).body("goldAccuracy.total", equalTo(1)).body("accepted", equalTo(1));

        // appeal of the rejected gold answer: filed, queued, upheld -> corrective review
        String location = given().auth().oauth2(TestTokens.annotator(w2)).contentType(ContentType.JSON)
                .body(Map.of("assignmentId", a2, "itemId", gold, "comment", "It is clearly a dog."))
                .when().post("/appeals")
                .then().statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("rejectionReason", equalTo(AnnotatorReasons.DIFFERS))
                .extract().header("Location");
        String appealId = location.substring(location.lastIndexOf('/') + 1);
        given().auth().oauth2(TestTokens.annotator(w2)).contentType(ContentType.JSON)
                .body(Map.of("assignmentId", a2, "itemId", gold, "comment", "again"))
                .when().post("/appeals").then().statusCode(409);
        given().auth().oauth2(TestTokens.annotator(w1)).contentType(ContentType.JSON)
                .body(Map.of("assignmentId", a2, "itemId", gold, "comment", "not mine"))
                .when().post("/appeals").then().statusCode(404);
        given().auth().oauth2(TestTokens.annotator(w1)).contentType(ContentType.JSON)
                .body(Map.of("assignmentId", a1, "itemId", gold, "comment", "accepted already"))
                .when().post("/appeals").then().statusCode(409);
        given().auth().oauth2(TestTokens.annotator(w1)).get("/appeals/{id}", appealId).then().statusCode(404);
        given().auth().oauth2(TestTokens.annotator(w2)).get("/appeals/{id}", appealId)
                .then().statusCode(200).body(not(containsString("expected cat")));
        given().auth().oauth2(TestTokens.annotator(w2)).get("/appeals")
                .then().statusCode(200).body("id", hasItem(appealId));
        given().auth().oauth2(TestTokens.admin("admin-1")).get("/appeals")
                .then().statusCode(200).body("id", hasItem(appealId));
        given().auth().oauth2(TestTokens.admin("admin-1")).get("/appeals/{id}", appealId)
                .then().statusCode(200).body("rejectionReason", equalTo("gold: expected cat, answered dog"));

        given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON)
                .body(Map.of("outcome", "UPHOLD", "comment", "ambiguous image"))
                .when().post("/appeals/{id}/decision", appealId)
                .then().statusCode(200).body("status", equalTo("UPHELD"));
        given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON)
                .body(Map.of("outcome", "DENY"))
                .when().post("/appeals/{id}/decision", appealId)
                .then().statusCode(409);
        AnswersReviewed corrective = events(job, AnswersReviewed.class, AnswersReviewed::corrective, 1).getFirst();
        assertThat(corrective.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.assignmentId()).isEqualTo(a2);
            assertThat(v.itemId()).isEqualTo(gold);
            assertThat(v.workerId()).isEqualTo(w2);
            assertThat(v.accepted()).isTrue();
        });
        given().auth().oauth2(TestTokens.admin("admin-1")).get("/appeals")
                .then().statusCode(200).body("id", not(hasItem(appealId)));
    }

    /**
     * A poll's submissions for one job are judged in one pass (one lock, one query each for judgments,
     * gold and standings, one evaluation of all the items): the result is the one the same submissions
     * give one by one. Three annotators answer a gold item and two ordinary items (the third answer
     * resolves each), and one submission comes twice, the second time under a new event id.
     */
    @Test
    void aBurstOfSubmissionsIsJudgedInOnePassExactlyAsOneByOne() {
        UUID sequentialJob = UUID.randomUUID();
        List<AssignmentSubmitted> oneByOne = threeAnnotatorsOn(sequentialJob);
        for (AssignmentSubmitted submission : oneByOne) {
            send(submission);
            await().atMost(WAIT).until(() -> TestDatabase.count(
                    "select count(*) from processed_event where event_id = ?", submission.eventId()) == 1);
        }
        UUID burstJob = UUID.randomUUID();
        List<AssignmentSubmitted> together = threeAnnotatorsOn(burstJob);
        sendTogether(together);

        Judged expected = judged(sequentialJob, 5); // w1, w2, then all three when the third resolves the items
        Judged actual = judged(burstJob, 3);        // once per annotator
        assertThat(actual.verdicts()).hasSize(9).isEqualTo(expected.verdicts());
        assertThat(actual.scores()).hasSize(3).isEqualTo(expected.scores());
        assertThat(actual.resolved()).hasSize(2).isEqualTo(expected.resolved());
        assertThat(actual.verdicts().get("w2 on i2").reason()).startsWith("consensus: cat");
        assertThat(actual.verdicts().get("w2 on gold").reason()).isEqualTo("gold: expected cat, answered dog");
        assertThat(actual.scores().get("w2")).isEqualTo(new Score(0, 1, 1, 2, actual.scores().get("w2").accuracy(), 1_000));
        // one pass: one review of all nine answers, one score per annotator, nothing parked or requested
        assertThat(allEvents(burstJob, AnswersReviewed.class)).singleElement()
                .satisfies(reviewed -> assertThat(reviewed.verdicts()).hasSize(9));
        assertThat(allEvents(burstJob, WorkerScored.class)).hasSize(3);
        assertThat(allEvents(burstJob, JudgmentsRequested.class)).isEmpty();
        assertThat(TestDatabase.count("select count(*) from judgment where job_id = ?", burstJob)).isEqualTo(9);
        assertThat(together.stream().filter(s -> TestDatabase.count(
                "select count(*) from processed_event where event_id = ?", s.eventId()) == 1)).hasSize(4);
    }

    /**
     * Gold item (cat) and two ordinary items, three judgments each (min = max = 3): w1 and w3 answer
     * gold right, w2 wrong; all say dog on i1; w2 alone says dog on i2. w2's submission comes twice.
     */
    private List<AssignmentSubmitted> threeAnnotatorsOn(UUID job) {
        UUID gold = roleId(job, "gold");
        UUID i1 = roleId(job, "i1");
        UUID i2 = roleId(job, "i2");
        submitJob(job, "req-" + job, 3, 3, 0.9);
        send(new GoldRegistered(UUID.randomUUID(), Instant.now(), job, 0, 1, List.of(new GoldRegistered.GoldItem(gold, "cat"))));
        await().atMost(WAIT).until(() -> TestDatabase.count("select count(*) from gold_label where job_id = ?", job) == 1);
        AssignmentSubmitted w2 = assignment(job, UUID.randomUUID(), "w2-" + job, Map.of(gold, "dog", i1, "dog", i2, "dog"));
        return List.of(
                assignment(job, UUID.randomUUID(), "w1-" + job, Map.of(gold, "cat", i1, "dog", i2, "cat")),
                w2,
                new AssignmentSubmitted(UUID.randomUUID(), Instant.now(), job, w2.assignmentId(), w2.workerId(), w2.answers()),
                assignment(job, UUID.randomUUID(), "w3-" + job, Map.of(gold, "cat", i1, "dog", i2, "cat")));
    }

    /** A stable id per job and role, so two jobs' results compare by role. */
    private static UUID roleId(UUID job, String role) {
        return UUID.nameUUIDFromBytes((job + "/" + role).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private record Outcome(boolean accepted, String reason) {
    }

    private record Score(long goldCorrect, long goldTotal, long agreed, long reviewed, double accuracy,
                         long medianMillisPerItem) {
    }

    private record Resolution(String label, int judgments, double agreement, boolean lowConfidence, long confidencePpm) {
    }

    /** What a job's answers came to, by role ("w2 on gold", "w1", "i2"). */
    private record Judged(Map<String, Outcome> verdicts, Map<String, Score> scores, Map<String, Resolution> resolved) {
    }

    private Judged judged(UUID job, int scoresExpected) {
        Map<UUID, String> itemRole = Map.of(roleId(job, "gold"), "gold", roleId(job, "i1"), "i1", roleId(job, "i2"), "i2");
        java.util.function.Function<String, String> workerRole = worker -> worker.substring(0, worker.indexOf('-'));
        List<ItemResolved> resolved = events(job, ItemResolved.class, e -> true, 2);
        List<WorkerScored> scores = events(job, WorkerScored.class, e -> true, scoresExpected);
        Map<String, Outcome> verdicts = new java.util.TreeMap<>();
        allEvents(job, AnswersReviewed.class).stream().flatMap(r -> r.verdicts().stream()).forEach(v -> assertThat(
                verdicts.put(workerRole.apply(v.workerId()) + " on " + itemRole.get(v.itemId()),
                        new Outcome(v.accepted(), v.reason()))).as("reviewed twice: %s", v).isNull());
        Map<String, Score> lastScore = new java.util.TreeMap<>();
        scores.forEach(e -> lastScore.put(workerRole.apply(e.workerId()),
                new Score(e.goldCorrect(), e.goldTotal(), e.agreed(), e.reviewed(), e.accuracy(),
                        e.medianMillisPerItem())));
        Map<String, Resolution> resolutions = new java.util.TreeMap<>();
        allEvents(job, ItemResolved.class).forEach(e -> assertThat(resolutions.put(itemRole.get(e.itemId()),
                new Resolution(e.label(), e.judgments(), e.agreement(), e.lowConfidence(),
                        Math.round(e.confidence() * 1e6)))).as("resolved twice: %s", e).isNull());
        assertThat(resolved).hasSize(2);
        return new Judged(verdicts, lastScore, resolutions);
    }

    /** Sends the events in one producer batch: the consumer gets them in one poll. */
    private void sendTogether(List<? extends CrowdEvent> events) {
        java.util.Properties props = new java.util.Properties();
        props.putAll(dev.crowd.testing.CrowdInfra.kafkaAdminConfig());
        props.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, "1000");
        props.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            events.forEach(e -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    e.topic(), e.key(), json.write(e))));
            producer.flush();
        }
    }

    @Test
    void aSanctionedSpammersOpenJudgmentsStopCountingAndReEstimationPublishesConfusion() throws Throwable {
        UUID job = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        String spammer = "spam-" + job;
        submitJob(job, "req-" + job, 2, 3, 0.95);
        send(assignment(job, UUID.randomUUID(), spammer, Map.of(item, "dog")));
        send(assignment(job, UUID.randomUUID(), "w1-" + job, Map.of(item, "cat")));
        assertThat(events(job, JudgmentsRequested.class, e -> true, 1).getFirst().itemIds()).containsExactly(item);

        send(new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), spammer, WorkerStatus.SUSPENDED, 5, Set.of(),
                Set.of(), Set.of(), "spam"));
        // the sanction is applied (another topic: wait for it) when the spammer's score is re-announced
        events(job, WorkerScored.class, e -> e.workerId().equals(spammer), 2);
        // the item's 3 slots (the maximum) are now filled, one by an answer that no longer counts:
        // it resolves on the two that do (without the sanction: 3 judgments, agreement 2/3)
        send(assignment(job, UUID.randomUUID(), "w2-" + job, Map.of(item, "cat")));

        ItemResolved resolved = events(job, ItemResolved.class, e -> true, 1).getFirst();
        assertThat(resolved.label()).isEqualTo("cat");
        assertThat(resolved.judgments()).isEqualTo(2);
        assertThat(resolved.agreement()).isEqualTo(1.0);
        assertThat(resolved.lowConfidence()).isTrue();
        List<AnswersReviewed.Verdict> verdicts = events(job, AnswersReviewed.class, e -> true, 1).stream()
                .flatMap(r -> r.verdicts().stream()).toList();
        assertThat(verdicts).hasSize(3);
        assertThat(verdicts).filteredOn(v -> v.workerId().equals(spammer)).singleElement()
                .satisfies(v -> {
                    assertThat(v.accepted()).isFalse();
                    assertThat(v.reason()).startsWith("excluded");
                });
        assertThat(verdicts).filteredOn(v -> !v.workerId().equals(spammer)).allSatisfy(v -> assertThat(v.accepted()).isTrue());

        // the timer's run re-estimates this job (it has new judgments) and announces each annotator's matrix
        VertxContextSupport.subscribeAndAwait(timer::reestimateDirtyJobs);
        WorkerScored estimated = events(job, WorkerScored.class,
                e -> e.workerId().equals("w1-" + job) && !e.confusion().isEmpty(), 1).getFirst();
        assertThat(estimated.confusion()).hasSize(2).allSatisfy(row -> assertThat(row.stream()
                .mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9)));
        assertThat(TestDatabase.count("select count(*) from qa_job where id = ? and dirty", job)).isZero();

        // on demand: admins only
        given().auth().oauth2(TestTokens.requester("req-" + job)).post("/jobs/{id}/quality/estimate", job)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.admin("admin-1")).post("/jobs/{id}/quality/estimate", UUID.randomUUID())
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.admin("admin-1")).post("/jobs/{id}/quality/estimate", job)
                .then().statusCode(200).body("estimated", equalTo(true));
        assertThat(events(job, WorkerScored.class, e -> e.workerId().equals("w2-" + job) && !e.confusion().isEmpty(), 2))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    /**
     * worker-service re-announces an annotator's full profile whenever their trust moves: such an event
     * (same standing) changes no judgment and stores nothing, and a real suspension after it still takes
     * the annotator's open answers out of consensus; the suspended profile announced again changes nothing.
     */
    @Test
    void aTrustOnlyProfileChangeTouchesNoJudgmentAndALaterSuspensionStillExcludesOpenAnswers() {
        UUID job = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        String annotator = "trust-" + job;
        submitJob(job, "req-" + job, 2, 3, 0.95);
        send(assignment(job, UUID.randomUUID(), annotator, Map.of(item, "dog")));
        events(job, WorkerScored.class, e -> e.workerId().equals(annotator), 1);
        String judgmentVersion = "select xmin::text from judgment where worker_id = ?";
        List<Object> before = TestDatabase.column(judgmentVersion, annotator);
        assertThat(before).hasSize(1);

        List<WorkerProfileChanged> trustOnly = List.of(profile(annotator, WorkerStatus.ACTIVE, 41, Set.of()),
                profile(annotator, WorkerStatus.ACTIVE, 42, Set.of()), profile(annotator, WorkerStatus.ACTIVE, 43, Set.of()));
        sendTogether(trustOnly);
        awaitProcessed(trustOnly);
        assertThat(TestDatabase.column(judgmentVersion, annotator)).as("the judgment row is untouched").isEqualTo(before);
        assertThat(TestDatabase.count("select count(*) from judgment where worker_id = ? and excluded", annotator)).isZero();
        assertThat(TestDatabase.count("select count(*) from worker_standing where worker_id = ?", annotator))
                .as("an active annotator needs no stored standing").isZero();

        // suspended from this job (in the same poll as another trust-only change): the open answer stops counting
        List<WorkerProfileChanged> suspension = List.of(profile(annotator, WorkerStatus.ACTIVE, 44, Set.of()),
                profile(annotator, WorkerStatus.ACTIVE, 20, Set.of(job)));
        sendTogether(suspension);
        events(job, WorkerScored.class, e -> e.workerId().equals(annotator), 2);
        awaitProcessed(suspension);
        assertThat(TestDatabase.count("select count(*) from judgment where worker_id = ? and excluded", annotator)).isEqualTo(1);
        String standingVersion = "select xmin::text from worker_standing where worker_id = ?";
        List<Object> standing = TestDatabase.column(standingVersion, annotator);
        assertThat(standing).hasSize(1);

        // the same sanctioned standing announced again (trust only): nothing is written
        List<WorkerProfileChanged> again = List.of(profile(annotator, WorkerStatus.ACTIVE, 19, Set.of(job)));
        sendTogether(again);
        awaitProcessed(again);
        assertThat(TestDatabase.column(standingVersion, annotator)).isEqualTo(standing);
        // and the item counts only the others' answers: one more is asked for after w1, and w2's resolves it
        send(assignment(job, UUID.randomUUID(), "w1-" + job, Map.of(item, "cat")));
        assertThat(events(job, JudgmentsRequested.class, e -> true, 1).getFirst().itemIds()).containsExactly(item);
        send(assignment(job, UUID.randomUUID(), "w2-" + job, Map.of(item, "cat")));
        ItemResolved resolved = events(job, ItemResolved.class, e -> true, 1).getFirst();
        assertThat(resolved.judgments()).isEqualTo(2);
        assertThat(resolved.agreement()).isEqualTo(1.0);
        assertThat(events(job, AnswersReviewed.class, e -> true, 1).stream().flatMap(r -> r.verdicts().stream())
                .filter(v -> v.workerId().equals(annotator))).singleElement()
                .satisfies(v -> assertThat(v.reason()).startsWith("excluded"));
    }

    /**
     * A suspension that arrives while the annotator's first answer in a job is being recorded (not yet
     * committed, so the suspension's query of their open jobs cannot see it) must still exclude that
     * answer. Here a plain connection plays the recording transaction, with the same lock protocol: the
     * annotator's shared lock, then the answer, committed only after the suspension has arrived.
     */
    @Test
    void aSuspensionRacingTheAnnotatorsFirstAnswerInAJobStillExcludesIt() throws Exception {
        UUID job = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        String annotator = "racing-" + job;
        submitJob(job, "req-" + job, 2, 3, 0.95);
        await().atMost(WAIT).until(() -> TestDatabase.count("select count(*) from qa_job where id = ?", job) == 1);
        try (java.sql.Connection recording = TestDatabase.connect()) {
            recording.setAutoCommit(false);
            try (var lock = recording.prepareStatement("select pg_advisory_xact_lock_shared(hashtextextended(?, 0))")) {
                lock.setString(1, "worker:" + annotator);
                lock.executeQuery().close();
            }
            try (var insert = recording.prepareStatement("""
                    insert into judgment (id, job_id, item_id, assignment_id, worker_id, label, time_spent_millis, gold)
                    values (gen_random_uuid(), ?, ?, gen_random_uuid(), ?, 'dog', 1000, false)""")) {
                insert.setObject(1, job);
                insert.setObject(2, item);
                insert.setString(3, annotator);
                insert.executeUpdate();
            }
            WorkerProfileChanged suspended = profile(annotator, WorkerStatus.ACTIVE, 20, Set.of(job));
            send(suspended);
            // time for the consumer to take the suspension and go as far as it can before the answer commits
            Thread.sleep(3000);
            recording.commit();
            awaitProcessed(List.of(suspended));
        }
        assertThat(TestDatabase.count("select count(*) from judgment where worker_id = ? and excluded", annotator))
                .as("the answer recorded while the suspension arrived does not count").isEqualTo(1);
    }

    private static WorkerProfileChanged profile(String worker, WorkerStatus status, int trust, Set<UUID> suspendedJobs) {
        return new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), worker, status, trust, Set.of(), Set.of(),
                suspendedJobs, null);
    }

    private static void awaitProcessed(List<? extends CrowdEvent> events) {
        await().atMost(WAIT).until(() -> events.stream().allMatch(e -> TestDatabase.count(
                "select count(*) from processed_event where event_id = ?", e.eventId()) == 1));
    }

    @Test
    void answersThatArriveBeforeTheirJobAreParkedAndJudgedWhenItArrives() {
        UUID job = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        send(assignment(job, UUID.randomUUID(), "early-" + job, Map.of(item, "dog")));
        await().atMost(WAIT).until(() -> TestDatabase.count("select count(*) from parked_event where job_id = ?", job) == 1);

        submitJob(job, "req-" + job, 1, 1, 0.5);

        ItemResolved resolved = events(job, ItemResolved.class, e -> true, 1).getFirst();
        assertThat(resolved.itemId()).isEqualTo(item);
        assertThat(resolved.label()).isEqualTo("dog");
        assertThat(TestDatabase.count("select count(*) from parked_event where job_id = ?", job)).isZero();
    }

    @Test
    void everyEndpointChecksWhoIsAsking() {
        UUID job = UUID.randomUUID();
        submitJob(job, "owner-" + job, 1, 1, 0.5);
        UUID item = UUID.randomUUID();
        send(assignment(job, UUID.randomUUID(), "w-" + job, Map.of(item, "cat")));
        events(job, ItemResolved.class, e -> true, 1);

        String owner = TestTokens.requester("owner-" + job);
        String other = TestTokens.requester("someone-else");
        String annotator = TestTokens.annotator("w-" + job);
        String admin = TestTokens.admin("admin-1");
        String jobQuality = "/jobs/" + job + "/quality";
        String itemQuality = "/jobs/" + job + "/items/" + item + "/quality";

        expect(null, "get", jobQuality, 401);
        expect(TestTokens.expiredToken("owner-" + job, "requester"), "get", jobQuality, 401);
        expect(annotator, "get", jobQuality, 403);
        expect(other, "get", jobQuality, 404);
        expect(owner, "get", jobQuality, 200);
        expect(owner, "get", "/jobs/" + UUID.randomUUID() + "/quality", 404);
        expect(null, "get", itemQuality, 401);
        expect(annotator, "get", itemQuality, 403);
        expect(other, "get", itemQuality, 404);
        expect(owner, "get", itemQuality, 200);
        expect(owner, "get", "/jobs/" + job + "/items/" + UUID.randomUUID() + "/quality", 404);
        expect(owner, "get", "/jobs/" + job + "/items/not-a-uuid/quality", 404);

        expect(null, "get", "/workers/me/quality", 401);
        expect(owner, "get", "/workers/me/quality", 403);
        expect(annotator, "get", "/workers/me/quality", 200);
        expect(null, "get", "/workers/w-x/quality", 401);
        expect(annotator, "get", "/workers/w-x/quality", 403);
        expect(owner, "get", "/workers/w-x/quality", 403);
        expect(admin, "get", "/workers/w-x/quality", 200);

        expect(null, "get", "/appeals", 401);
        expect(owner, "get", "/appeals", 403);
        expect(admin, "get", "/appeals?status=bogus", 400);
        expect(null, "post", "/appeals", 401);
        expect(owner, "post", "/appeals", 403);
        expect(admin, "post", "/appeals", 403);
        expect(null, "get", "/appeals/" + UUID.randomUUID(), 401);
        expect(admin, "get", "/appeals/" + UUID.randomUUID(), 404);
        expect(annotator, "post", "/appeals/" + UUID.randomUUID() + "/decision", 403);
        expect(admin, "post", "/appeals/" + UUID.randomUUID() + "/decision", 404);

        given().auth().oauth2(annotator).contentType(ContentType.JSON)
                .body(Map.of("assignmentId", UUID.randomUUID(), "itemId", item))
                .when().post("/appeals")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("comment")));
        given().auth().oauth2(annotator).contentType(ContentType.JSON).body("{not json")
                .when().post("/appeals").then().statusCode(400);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("outcome", "MAYBE"))
                .when().post("/appeals/{id}/decision", UUID.randomUUID()).then().statusCode(400);
    }

    private void expect(String token, String method, String path, int status) {
        var request = token == null ? given() : given().auth().oauth2(token);
        ValidatableResponse response = (method.equals("get")
                ? request.when().get(path)
                : request.contentType(ContentType.JSON)
                .body(Map.of("assignmentId", UUID.randomUUID(), "itemId", UUID.randomUUID(), "comment", "x",
                        "outcome", "DENY"))
                .when().post(path)).then();
        response.statusCode(status);
    }

    // ---------------------------------------------------------------- helpers

    private void submitJob(UUID job, String requester, int min, int max, double target) {
        Money zero = new Money(0, "EUR");
        send(new JobSubmitted(UUID.randomUUID(), Instant.now(), job, requester, "Cats and dogs", "classification",
                List.of("cat", "dog"), 10, 1, new OverlapPolicy(min, max, target), zero, zero, 10L * max, zero));
    }

    private static AssignmentSubmitted assignment(UUID job, UUID assignment, String worker, Map<UUID, String> answers) {
        List<AssignmentSubmitted.Answer> list = new ArrayList<>();
        answers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.add(new AssignmentSubmitted.Answer(e.getKey(), e.getValue(), 1_000)));
        return new AssignmentSubmitted(UUID.randomUUID(), Instant.now(), job, assignment, worker, list);
    }

    private void send(CrowdEvent event) {
        KafkaRecords.send(event.topic(), event.key(), json.write(event));
    }

    /** Quality events of the job of one type, in order, once at least {@code expected} match (or the wait ends). */
    private <E extends QualityEvent> List<E> events(UUID job, Class<E> type, Predicate<E> filter, int expected) {
        List<E> out = new ArrayList<>();
        KafkaRecords.read(Topics.QUALITY, r -> {
            if (!job.toString().equals(r.key())) {
                return false;
            }
            QualityEvent event = decode(r.value());
            if (type.isInstance(event) && filter.test(type.cast(event))) {
                out.add(type.cast(event));
                return true;
            }
            return false;
        }, expected, WAIT);
        assertThat(out).as("%s events of job %s", type.getSimpleName(), job).hasSizeGreaterThanOrEqualTo(expected);
        return out;
    }

    /** Every quality event of the job of one type on the topic now (reads for a few seconds). */
    private <E extends QualityEvent> List<E> allEvents(UUID job, Class<E> type) {
        List<E> out = new ArrayList<>();
        KafkaRecords.read(Topics.QUALITY, r -> {
            if (job.toString().equals(r.key()) && type.isInstance(decode(r.value()))) {
                out.add(type.cast(decode(r.value())));
                return true;
            }
            return false;
        }, Integer.MAX_VALUE, Duration.ofSeconds(3));
        return out;
    }

    private QualityEvent decode(String value) {
        try {
            return json.read(value, QualityEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T last(List<T> list) {
        return list.getLast();
    }

    @SuppressWarnings("unused")
    private static String format(double[] values) {
        return Arrays.toString(values);
    }
}
