package dev.crowd.payment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Counts the verdicts each job's answers received and remembers how many its completion announced. Runs
 * in the consumer's transaction, which records the event as processed: each event counts once.
 */
@ApplicationScoped
public class ReviewTallyRepository {

    /** A completed job whose answers have all been reviewed, and the event that completed it. */
    public record Ready(UUID jobId, UUID completionEvent) {
    }

    /** Adds verdicts per job; returns the completed jobs that now have a verdict for every answer. */
    public Uni<List<Ready>> addVerdicts(Map<UUID, Long> verdictsByJob) {
        Uni<List<Ready>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Map.Entry<UUID, Long> e : verdictsByJob.entrySet()) {
            chain = chain.chain(ready -> Panache.getSession().chain(s -> s.createNativeQuery("""
                            insert into job_review_tally (job_id, verdicts) values (?1, ?2)
                            on conflict (job_id) do update set verdicts = job_review_tally.verdicts + excluded.verdicts,
                              updated_at = now()
                            returning job_id, verdicts, answers_expected, completion_event""", Object[].class)
                    .setParameter(1, e.getKey()).setParameter(2, e.getValue()).getSingleResult())
                    .map(row -> {
                        if (isReady(row)) {
                            ready.add(new Ready((UUID) row[0], (UUID) row[3]));
                        }
                        return ready;
                    }));
        }
        return chain;
    }

    /** Records a job's completion; returns it as ready when every answer was already reviewed. */
    public Uni<Ready> expect(UUID jobId, long answers, UUID completionEvent) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into job_review_tally (job_id, answers_expected, completion_event) values (?1, ?2, ?3)
                        on conflict (job_id) do update set answers_expected = excluded.answers_expected,
                          completion_event = excluded.completion_event, updated_at = now()
                        returning job_id, verdicts, answers_expected, completion_event""", Object[].class)
                        .setParameter(1, jobId).setParameter(2, answers).setParameter(3, completionEvent)
                        .getSingleResult())
                .map(row -> isReady(row) ? new Ready(jobId, completionEvent) : null);
    }

    private static boolean isReady(Object[] row) {
        return row[2] != null && ((Number) row[1]).longValue() >= ((Number) row[2]).longValue();
    }
}
