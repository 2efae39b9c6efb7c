package dev.crowd.qa.core;

import dev.crowd.contracts.workers.WorkerStatus;

import java.util.Set;
import java.util.UUID;

/**
 * An annotator's standing as qa-service keeps it: a status and the jobs they are suspended from. No
 * stored standing is the default one (active, no suspended jobs).
 */
public record Standing(String status, Set<UUID> suspendedJobIds) {

    public static final Standing DEFAULT = new Standing(WorkerStatus.ACTIVE.name(), Set.of());

    public Standing {
        suspendedJobIds = Set.copyOf(suspendedJobIds);
    }

    /** Sanctioned for this job: suspended or banned, or suspended from this job. */
    public boolean sanctionedFor(UUID jobId) {
        return !WorkerStatus.ACTIVE.name().equals(status) || suspendedJobIds.contains(jobId);
    }

    /** Active with no suspended job: answers are recorded as counting, nothing is excluded. */
    public boolean isDefault() {
        return WorkerStatus.ACTIVE.name().equals(status) && suspendedJobIds.isEmpty();
    }
}
