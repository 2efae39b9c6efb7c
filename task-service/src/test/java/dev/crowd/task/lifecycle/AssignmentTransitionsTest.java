package dev.crowd.task.lifecycle;

import dev.crowd.task.Assignment.Status;
import dev.crowd.task.AssignmentTransitions;
import dev.crowd.task.AssignmentTransitions.Action;
import dev.crowd.task.AssignmentTransitions.Decision;
import dev.crowd.task.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.OffsetDateTime;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease state machine: ACTIVE → SUBMITTED; ACTIVE → EXPIRED | RETURNED; and what a holder is told. */
class AssignmentTransitionsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-06T02:00:00Z");

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
            "ACTIVE,    SUBMIT, SUBMITTED",
            "ACTIVE,    RETURN, RETURNED",
            "ACTIVE,    EXPIRE, EXPIRED",
            "SUBMITTED, SUBMIT, ",
            "SUBMITTED, RETURN, ",
            "SUBMITTED, EXPIRE, ",
            "EXPIRED,   SUBMIT, ",
            "EXPIRED,   RETURN, ",
            "EXPIRED,   EXPIRE, ",
            "RETURNED,  SUBMIT, ",
            "RETURNED,  RETURN, ",
            "RETURNED,  EXPIRE, "})
    void table(Status from, Action action, Status to) {
        assertEquals(Optional.ofNullable(to), AssignmentTransitions.next(from, action));
        assertEquals(from != Status.ACTIVE, AssignmentTransitions.ended(from));
    }

    @ParameterizedTest
    @EnumSource(value = Job.Status.class, names = {"ACTIVE", "PAUSED"})
    void aLiveLeaseOfAnOpenJobIsSubmitted(Job.Status job) {
        Decision d = AssignmentTransitions.decide(Action.SUBMIT, Status.ACTIVE, NOW.plusSeconds(1), null, job, NOW);
        assertEquals(new Decision.Proceed(Status.SUBMITTED), d);
    }

    @ParameterizedTest
    @EnumSource(value = Job.Status.class, names = {"COMPLETED", "CANCELLED"})
    void aClosedJobTakesNoAnswers(Job.Status job) {
        assertEquals(new Decision.JobClosed(job),
                AssignmentTransitions.decide(Action.SUBMIT, Status.ACTIVE, NOW.plusSeconds(1), null, job, NOW));
        // giving work back does not depend on the job
        assertEquals(new Decision.Proceed(Status.RETURNED),
                AssignmentTransitions.decide(Action.RETURN, Status.ACTIVE, NOW.plusSeconds(1), null, job, NOW));
    }

    @Test
    void aLeaseEndsExactlyAtItsEnd() {
        Decision atEnd = AssignmentTransitions.decide(Action.SUBMIT, Status.ACTIVE, NOW, null, Job.Status.ACTIVE, NOW);
        assertEquals(new Decision.LeaseEnded("has expired", NOW), atEnd);
        Decision before = AssignmentTransitions.decide(Action.SUBMIT, Status.ACTIVE, NOW.plusNanos(1000), null,
                Job.Status.ACTIVE, NOW);
        assertInstanceOf(Decision.Proceed.class, before);
    }

    @Test
    void endedLeasesSayWhyAndWhen() {
        OffsetDateTime ended = NOW.minusSeconds(5);
        assertEquals(new Decision.LeaseEnded("was given back", ended), AssignmentTransitions.decide(
                Action.SUBMIT, Status.RETURNED, NOW.plusSeconds(60), ended, Job.Status.ACTIVE, NOW));
        assertEquals(new Decision.LeaseEnded("has expired", ended), AssignmentTransitions.decide(
                Action.RETURN, Status.EXPIRED, NOW.plusSeconds(60), ended, Job.Status.ACTIVE, NOW));
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void submittedWorkIsReportedAsSuch(Action action) {
        if (action == Action.EXPIRE) {
            return; // the sweeper never reads a decision
        }
        assertInstanceOf(Decision.AlreadySubmitted.class, AssignmentTransitions.decide(action, Status.SUBMITTED,
                NOW.minusSeconds(1), NOW.minusSeconds(2), Job.Status.COMPLETED, NOW));
    }

    /** Property: whatever was read, a decision to write always names the transition table's target. */
    @Test
    void everyProceedFollowsTheTable() {
        for (Status s : Status.values()) {
            for (Action a : new Action[] {Action.SUBMIT, Action.RETURN}) {
                for (Job.Status j : Job.Status.values()) {
                    for (long offset : new long[] {-10, 0, 10}) {
                        Decision d = AssignmentTransitions.decide(a, s, NOW.plusSeconds(offset), null, j, NOW);
                        if (d instanceof Decision.Proceed p) {
                            assertEquals(AssignmentTransitions.next(s, a), Optional.of(p.to()));
                            assertTrue(offset > 0);
                        }
                    }
                }
            }
        }
    }
}
