package dev.crowd.worker.messaging;

import dev.crowd.contracts.Topics;
import dev.crowd.testing.CrowdInfra;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import dev.crowd.worker.Fixtures;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.crowd.worker.Fixtures.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A burst of WorkerScored (one producer batch, one poll) is applied per annotator: the same job scores,
 * daily volume and trust as the scores one by one, but one trust point and at most one announcement per
 * annotator, and the rules judge the state after the burst.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class BurstOfScoresTest {

    /** One snapshot of running totals on a job: gold correct/total, agreed/reviewed. */
    private record Snapshot(int annotator, int job, long goldCorrect, long goldTotal, long agreed, long reviewed) {
    }

    // two annotators (0, 1) on two jobs (0, 1), in the order qa-service would publish them
    private static final List<Snapshot> SCORES = List.of(
            new Snapshot(0, 0, 8, 10, 15, 20),
            new Snapshot(1, 1, 10, 12, 20, 24),
            new Snapshot(1, 0, 3, 4, 6, 8),
            new Snapshot(0, 1, 5, 5, 10, 10),
            new Snapshot(0, 0, 17, 20, 30, 40),
            new Snapshot(1, 1, 19, 24, 41, 48),
            new Snapshot(1, 0, 7, 9, 13, 17),
            new Snapshot(0, 1, 9, 10, 19, 20),
            new Snapshot(0, 0, 25, 30, 46, 60),
            new Snapshot(1, 1, 28, 36, 60, 72));

    @Test
    void aBurstGivesWhatTheScoresGiveOneByOneWithOneTrustPointAndOneAnnouncementPerAnnotator() {
        List<UUID> jobs = jobsOnOnePartition(2);
        List<String> burst = List.of(Fixtures.newSubject("burst"), Fixtures.newSubject("burst"));
        List<String> single = List.of(Fixtures.newSubject("single"), Fixtures.newSubject("single"));

        for (Snapshot s : SCORES) { // each applied before the next is sent: one poll each
            Fixtures.sendScored(jobs.get(s.job()), json(s, single, jobs));
            await().atMost(WAIT).until(() -> TestDatabase.count("""
                    select count(*) from job_score where worker_id = ? and job_id = ? and gold_total = ?""",
                    single.get(s.annotator()), jobs.get(s.job()), s.goldTotal()) == 1);
        }
        KafkaRecords.sendAll(Topics.QUALITY, SCORES.stream()
                .map(s -> Map.entry(jobs.get(s.job()).toString(), json(s, burst, jobs))).toList());

        for (int a = 0; a < 2; a++) {
            int annotator = a;
            long scores = SCORES.stream().filter(s -> s.annotator() == annotator).count();
            await().atMost(WAIT).until(() -> trustPoints(single.get(annotator)) == scores);
            await().atMost(WAIT).until(() -> trustPoints(burst.get(annotator)) > 0);
        }
        for (int a = 0; a < 2; a++) {
            String together = burst.get(a);
            String one = single.get(a);
            assertThat(jobScores(together)).isEqualTo(jobScores(one)).hasSize(2);
            assertThat(dailyVolume(together)).isEqualTo(dailyVolume(one)).hasSize(1);
            assertThat(trust(together)).isEqualTo(trust(one));

            // one trust point for the burst, naming the job of the annotator's latest score
            assertThat(trustPoints(together)).isEqualTo(1);
            int annotator = a;
            Snapshot latest = SCORES.stream().filter(s -> s.annotator() == annotator).toList().getLast();
            assertThat(TestDatabase.column("select job_id from trust_record where worker_id = ?", together))
                    .containsExactly(jobs.get(latest.job()));
            List<JsonPath> events = workerEvents(together);
            assertThat(events).extracting(e -> e.getString("type")).containsExactly("WorkerRegistered", "WorkerProfileChanged");
            assertThat((long) events.getLast().getInt("trust")).isEqualTo(trust(together));
        }
    }

    @Test
    void theRulesJudgeTheStateAfterTheBurst() {
        UUID job = jobsOnOnePartition(1).getFirst();
        String breaks = Fixtures.newSubject("breaks");
        String recovers = Fixtures.newSubject("recovers");
        // default job rule: below 60% after at least 20 gold answers. `breaks` is fine until its latest
        // score (17/30 = 56.7%); `recovers` starts below (5/20) and ends above (65/100)
        KafkaRecords.sendAll(Topics.QUALITY, List.of(
                Map.entry(job.toString(), Fixtures.scoredJson(UUID.randomUUID(), job, breaks, 15, 20, 20, 20, 9000)),
                Map.entry(job.toString(), Fixtures.scoredJson(UUID.randomUUID(), job, recovers, 5, 20, 20, 20, 9000)),
                Map.entry(job.toString(), Fixtures.scoredJson(UUID.randomUUID(), job, breaks, 16, 25, 25, 25, 9000)),
                Map.entry(job.toString(), Fixtures.scoredJson(UUID.randomUUID(), job, breaks, 17, 30, 30, 30, 9000)),
                Map.entry(job.toString(), Fixtures.scoredJson(UUID.randomUUID(), job, recovers, 65, 100, 30, 30, 9000))));

        await().atMost(WAIT).until(() -> trustPoints(breaks) > 0 && trustPoints(recovers) > 0);
        List<JsonPath> broke = workerEvents(breaks);
        assertThat(broke).extracting(e -> e.getString("type")).containsExactly("WorkerRegistered", "WorkerProfileChanged");
        assertThat(broke.getLast().getList("suspendedJobIds")).containsExactly(job.toString());
        assertThat(broke.getLast().getString("reason")).contains("56.7%", "60.0%");
        given().auth().oauth2(TestTokens.annotator(breaks)).when().get("/me")
                .then().statusCode(200)
                .body("standing.activeSanctions.size()", equalTo(1))
                .body("standing.activeSanctions[0].rule", equalTo("job-gold-accuracy"))
                .body("standing.activeSanctions[0].evidence.goldTotal", equalTo(30));

        // an intermediate state that broke the rule is not judged: only the latest counts
        assertThat(TestDatabase.count("select count(*) from sanction where worker_id = ?", recovers)).isZero();
        assertThat(workerEvents(recovers).getLast().getList("suspendedJobIds")).isEmpty();
    }

    private static String json(Snapshot s, List<String> annotators, List<UUID> jobs) {
        return Fixtures.scoredJson(UUID.randomUUID(), jobs.get(s.job()), annotators.get(s.annotator()),
                s.goldCorrect(), s.goldTotal(), s.agreed(), s.reviewed(), 9000);
    }

    private static long trustPoints(String workerId) {
        return TestDatabase.count("select count(*) from trust_record where worker_id = ?", workerId);
    }

    private static long trust(String workerId) {
        return TestDatabase.count("select trust from worker where id = ?", workerId);
    }

    private static List<Object> dailyVolume(String workerId) {
        return TestDatabase.column("select day::text || ': ' || items from daily_volume where worker_id = ?", workerId);
    }

    /** What was published for the annotator on crowd.workers (waits a few seconds for a third event). */
    private static List<JsonPath> workerEvents(String workerId) {
        return KafkaRecords.readKey(Topics.WORKERS, workerId, 3, Duration.ofSeconds(5)).stream()
                .map(r -> JsonPath.from(r.value())).toList();
    }

    private static List<Object> jobScores(String workerId) {
        return TestDatabase.column("""
                select s.gold_correct || '/' || s.gold_total || ' ' || s.agreed || '/' || s.reviewed || ' '
                       || s.median_millis_per_item
                from job_score s where s.worker_id = ? order by s.gold_total""", workerId);
    }

    /**
     * Jobs whose records land on one partition of crowd.quality (the key is the job id): a burst of their
     * scores is one record batch, so the service gets it in one poll, not partly in the next.
     */
    private static List<UUID> jobsOnOnePartition(int n) {
        int partitions;
        try (KafkaCompanion companion = CrowdInfra.kafkaCompanion()) {
            partitions = companion.topics().describe(Topics.QUALITY).get(Topics.QUALITY).partitions().size();
        }
        List<UUID> jobs = new ArrayList<>();
        int partition = -1;
        while (jobs.size() < n) {
            UUID job = UUID.randomUUID();
            int p = Utils.toPositive(Utils.murmur2(job.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
            if (partition < 0 || p == partition) {
                partition = p;
                jobs.add(job);
            }
        }
        return jobs;
    }
}
