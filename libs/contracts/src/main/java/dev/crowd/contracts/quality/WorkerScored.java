package dev.crowd.contracts.quality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An annotator's quality on one job after a review.
 *
 * @param goldCorrect     gold answers that matched, of {@code goldTotal}
 * @param agreed          reviewed non-gold answers that matched the resolved label, of {@code reviewed}
 * @param accuracy        estimated probability of a correct answer (model-based), 0..1
 * @param labels          row/column order of {@code confusion}
 * @param confusion       estimated P(answer = column | truth = row), may be empty
 * @param medianMillisPerItem median time spent per item in this job
 */
public record WorkerScored(
        UUID eventId,
        Instant occurredAt,
        UUID jobId,
        String workerId,
        long goldCorrect,
        long goldTotal,
        long agreed,
        long reviewed,
        double accuracy,
        List<String> labels,
        List<List<Double>> confusion,
        long medianMillisPerItem) implements QualityEvent {
}
