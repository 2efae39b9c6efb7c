package dev.crowd.worker.service;

import dev.crowd.contracts.quality.WorkerScored;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of a poll's scores count: the latest per annotator and job, annotators in a stable order. */
class LatestScoresTest {

    private static final Instant T0 = Instant.parse("2026-11-28T15:30:00Z");
    private static final UUID JOB_1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID JOB_2 = UUID.fromString("00000000-0000-0000-0000-000000000002");

    private static WorkerScored score(String worker, UUID job, long goldTotal, Instant at) {
        return new WorkerScored(UUID.randomUUID(), at, job, worker, goldTotal, goldTotal, 0, 0, 1.0, List.of(),
                List.of(), 9000);
    }

    @Test
    void theLatestSnapshotOfEachJobCountsAndAnnotatorsAreSorted() {
        SortedMap<String, List<WorkerScored>> latest = ScoringService.latestPerAnnotator(List.of(
                score("zoe", JOB_1, 1, T0),
                score("ann", JOB_2, 5, T0.plusMillis(1)),
                score("zoe", JOB_1, 2, T0.plusMillis(2)),
                score("ann", JOB_1, 7, T0.plusMillis(3)),
                score("ann", JOB_2, 6, T0.plusMillis(4))));

        assertThat(latest.keySet()).containsExactly("ann", "zoe");
        // oldest first: the last one is the annotator's latest score of all (its job names the trust point)
        assertThat(latest.get("ann")).extracting(WorkerScored::jobId, WorkerScored::goldTotal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(JOB_1, 7L), org.assertj.core.groups.Tuple.tuple(JOB_2, 6L));
        assertThat(latest.get("zoe")).extracting(WorkerScored::goldTotal).containsExactly(2L);
    }

    @Test
    void anOlderSnapshotReceivedLaterDoesNotWinAndEqualInstantsKeepTheOrderReceived() {
        // a replayed dead letter arrives after the newer snapshot it predates
        assertThat(ScoringService.latestPerAnnotator(List.of(
                score("ann", JOB_1, 9, T0.plusSeconds(5)),
                score("ann", JOB_1, 4, T0))).get("ann"))
                .extracting(WorkerScored::goldTotal).containsExactly(9L);
        assertThat(ScoringService.latestPerAnnotator(List.of(
                score("ann", JOB_1, 4, T0),
                score("ann", JOB_1, 9, T0))).get("ann"))
                .extracting(WorkerScored::goldTotal).containsExactly(9L);
    }
}
