package dev.crowd.task;

import dev.crowd.contracts.Topics;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.json.EventJson;
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
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 14 in task-service: no hoarding of leases, and a sanctioned annotator's answers are refused. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class SafeguardsTest {

    @Inject
    EventJson json;

    @Test
    void anAnnotatorHoldsAtMostThreeLeasesAndTheFourthClaimIs429() {
        String jobId = Fixtures.activeJob(json, "req-hoard", Fixtures.jobBody("Hoard", 1, 0, 1, 1, 600), 6, 0);
        Response first = Fixtures.claim("ann-hoarder", jobId);
        first.then().statusCode(200);
        Fixtures.claim("ann-hoarder", jobId).then().statusCode(200);
        Fixtures.claim("ann-hoarder", null).then().statusCode(200);
        Fixtures.claim("ann-hoarder", jobId).then().statusCode(429).contentType("application/problem+json")
                .body("maxActiveLeases", equalTo(3)).body("detail", containsString("3 micro-jobs"));
        Fixtures.claim("ann-hoarder", null).then().statusCode(429);
        // Others are not affected, and an answered lease frees a place.
        Fixtures.claim("ann-other", jobId).then().statusCode(200);
        Fixtures.submit("ann-hoarder", first.path("id"), Fixtures.answersFor(first, "cat")).then().statusCode(200);
        Fixtures.claim("ann-hoarder", jobId).then().statusCode(200);
    }

    @Test
    void aSuspendedAnnotatorsAnswersAreRefusedAndNeverAnnounced() {
        String jobId = Fixtures.activeJob(json, "req-sanction", Fixtures.jobBody("Sanction", 1, 0, 1, 1, 600), 3, 0);
        Response leased = Fixtures.claim("ann-suspended", jobId);
        leased.then().statusCode(200);
        Response other = Fixtures.claim("ann-job-suspended", jobId);
        other.then().statusCode(200);
        String id = leased.path("id");
        String otherId = other.path("id");

        Fixtures.send(json, new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), "ann-suspended",
                WorkerStatus.SUSPENDED, 20, Set.of(), Set.of(), Set.of(), "gold accuracy below 50%"));
        Fixtures.send(json, new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), "ann-job-suspended",
                WorkerStatus.ACTIVE, 60, Set.of(), Set.of(), Set.of(UUID.fromString(jobId)), "too fast on this job"));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "select count(*) from worker_profile where worker_id in ('ann-suspended', 'ann-job-suspended')") == 2);

        Fixtures.submit("ann-suspended", id, Fixtures.answersFor(leased, "cat"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("gold accuracy below 50%"));
        Fixtures.submit("ann-job-suspended", otherId, Fixtures.answersFor(other, "cat"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("suspended from this job"));
        // Nothing stored, nothing sent to qa-service: the answers are neither counted nor paid.
        assertEquals(0L, TestDatabase.count("select count(*) from answer where assignment_id in (?::uuid, ?::uuid)",
                id, otherId));
        assertEquals(0, KafkaRecords.read(Topics.WORK, r -> r.value().contains(id) || r.value().contains(otherId),
                1, Duration.ofSeconds(2)).size());

        // Reinstated: the same lease may be answered again.
        Fixtures.send(json, new WorkerProfileChanged(UUID.randomUUID(), Instant.now(), "ann-suspended",
                WorkerStatus.ACTIVE, 20, Set.of(), Set.of(), Set.of(), null));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "select count(*) from worker_profile where worker_id = 'ann-suspended' and status = 'ACTIVE'") == 1);
        Fixtures.submit("ann-suspended", id, Fixtures.answersFor(leased, "cat")).then().statusCode(200);
    }
}
