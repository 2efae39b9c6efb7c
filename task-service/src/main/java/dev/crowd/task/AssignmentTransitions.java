package dev.crowd.task;

import dev.crowd.task.Assignment.Status;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every legal change of an assignment (a lease) and what the holder is told otherwise (no I/O):
 * ACTIVE → SUBMITTED; ACTIVE → EXPIRED | RETURNED. A lease is live while it is ACTIVE and before its
 * end; only a live lease may be submitted or given back, and only while its job is open.
 */
public final class AssignmentTransitions {

    /** What can happen to a lease. */
    public enum Action { SUBMIT, RETURN, EXPIRE }

    private static final Set<Status> ENDED = EnumSet.of(Status.SUBMITTED, Status.EXPIRED, Status.RETURNED);

    private AssignmentTransitions() {
    }

    /** The status {@code action} leads to from {@code from}, or empty when it is not allowed. */
    public static Optional<Status> next(Status from, Action action) {
        if (from != Status.ACTIVE) {
            return Optional.empty(); // every other status is final
        }
        return Optional.of(switch (action) {
            case SUBMIT -> Status.SUBMITTED;
            case RETURN -> Status.RETURNED;
            case EXPIRE -> Status.EXPIRED;
        });
    }

    /** Whether the status is final. */
    public static boolean ended(Status status) {
        return ENDED.contains(status);
    }

    /** The answer to a submit or a give-back, decided from what was read; {@link Decision.Proceed} means write. */
    public sealed interface Decision {
        /** Write the change (conditionally: the lease may still end before the write). */
        record Proceed(Status to) implements Decision {
        }

        /** Already submitted: the same answers are a replay, other answers a conflict. */
        record AlreadySubmitted() implements Decision {
        }

        /** The lease is over (410), with the reason and when. */
        record LeaseEnded(String why, OffsetDateTime at) implements Decision {
        }

        /** The job no longer takes answers (410). */
        record JobClosed(Job.Status jobStatus) implements Decision {
        }
    }

    /**
     * What a {@code action} (SUBMIT or RETURN) by the holder does to a lease in {@code status}
     * ending at {@code leaseEndsAt} (ended at {@code endedAt} if it did), of a job in {@code jobStatus}.
     */
    public static Decision decide(Action action, Status status, OffsetDateTime leaseEndsAt, OffsetDateTime endedAt,
                                  Job.Status jobStatus, OffsetDateTime now) {
        if (status == Status.SUBMITTED) {
            return new Decision.AlreadySubmitted();
        }
        Optional<Decision.LeaseEnded> ended = leaseEnded(status, leaseEndsAt, endedAt, now);
        if (ended.isPresent()) {
            return ended.get();
        }
        if (action == Action.SUBMIT && !JobTransitions.isOpen(jobStatus)) {
            return new Decision.JobClosed(jobStatus);
        }
        return new Decision.Proceed(next(status, action).orElseThrow());
    }

    /** Why a lease is no longer live, if it is not: given back, expired, or past its end. */
    public static Optional<Decision.LeaseEnded> leaseEnded(Status status, OffsetDateTime leaseEndsAt,
                                                           OffsetDateTime endedAt, OffsetDateTime now) {
        boolean lapsed = status == Status.ACTIVE && !leaseEndsAt.isAfter(now);
        if (status == Status.EXPIRED || status == Status.RETURNED || lapsed) {
            String why = status == Status.RETURNED ? "was given back" : "has expired";
            return Optional.of(new Decision.LeaseEnded(why, endedAt == null ? leaseEndsAt : endedAt));
        }
        return Optional.empty();
    }
}
