package dev.crowd.contracts.workers;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The full eligibility-relevant state of an annotator after a change (not a delta), so a consumer
 * only ever needs the latest one.
 *
 * @param trust           0..100
 * @param suspendedJobIds jobs this annotator may no longer work on
 * @param reason          why the status changed, shown to the annotator (null if unchanged)
 */
public record WorkerProfileChanged(
        UUID eventId,
        Instant occurredAt,
        String workerId,
        WorkerStatus status,
        int trust,
        Set<String> skills,
        Set<String> qualifications,
        Set<UUID> suspendedJobIds,
        String reason) implements WorkerEvent {
}
