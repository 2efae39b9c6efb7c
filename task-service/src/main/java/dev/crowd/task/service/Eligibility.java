package dev.crowd.task.service;

import dev.crowd.contracts.workers.WorkerStatus;

import java.util.Set;
import java.util.UUID;

/**
 * Whether an annotator may work on a job, from task-service's projection of crowd.workers.
 * An annotator the projection has not heard of yet counts as active with trust 0 and no skills:
 * they can take jobs that ask for nothing, and stricter jobs wait for their profile.
 */
public record Eligibility(WorkerStatus status, int trust, Set<String> skills, Set<String> qualifications,
                          Set<UUID> suspendedJobIds, String reason) {

    public static Eligibility unknown() {
        return new Eligibility(WorkerStatus.ACTIVE, 0, Set.of(), Set.of(), Set.of(), null);
    }

    public boolean blocked() {
        return status != WorkerStatus.ACTIVE;
    }

    /** Why this annotator may not work on a job with these requirements, or null when they may. */
    public String refusal(UUID jobId, int minTrust, Set<String> jobSkills, Set<String> jobQualifications) {
        if (suspendedJobIds.contains(jobId)) {
            return "you are suspended from this job" + (reason == null ? "" : ": " + reason);
        }
        if (trust < minTrust) {
            return "the job requires trust " + minTrust + " (yours is " + trust + ")";
        }
        if (!skills.containsAll(jobSkills)) {
            return "the job requires the skills " + jobSkills;
        }
        if (!qualifications.containsAll(jobQualifications)) {
            return "the job requires the qualifications " + jobQualifications;
        }
        return null;
    }
}
