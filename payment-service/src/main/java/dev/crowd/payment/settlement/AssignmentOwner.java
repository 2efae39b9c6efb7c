package dev.crowd.payment.settlement;

import java.util.UUID;

/** The job and the annotator an assignment belongs to, as the first review naming it said. */
public record AssignmentOwner(UUID assignmentId, UUID jobId, String workerId) {
}
