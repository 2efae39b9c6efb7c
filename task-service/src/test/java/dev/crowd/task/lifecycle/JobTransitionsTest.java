package dev.crowd.task.lifecycle;

import dev.crowd.task.Job;
import dev.crowd.task.Job.Status;
import dev.crowd.task.JobTransitions;
import dev.crowd.task.JobTransitions.Action;
import dev.crowd.task.JobTransitions.Announcement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job state machine of DESIGN.md, checked for every (status, action) pair. */
class JobTransitionsTest {

    /** The design's diagram, written out independently of the production table. */
    @ParameterizedTest(name = "{0} --{1}--> {2} ({3})")
    @CsvSource({
            "DRAFT,    SUBMIT,         FUNDING,   JOB_SUBMITTED",
            "FUNDING,  FUND,           ACTIVE,    NONE",
            "FUNDING,  REJECT_FUNDING, REJECTED,  NONE",
            "ACTIVE,   PAUSE,          PAUSED,    NONE",
            "PAUSED,   RESUME,         ACTIVE,    NONE",
            "ACTIVE,   CANCEL,         CANCELLED, JOB_CANCELLED",
            "PAUSED,   CANCEL,         CANCELLED, JOB_CANCELLED",
            "ACTIVE,   COMPLETE,       COMPLETED, JOB_COMPLETED",
            "PAUSED,   COMPLETE,       COMPLETED, JOB_COMPLETED"})
    void legalTransitions(Status from, Action action, Status to, Announcement announcement) {
        JobTransitions.Transition t = JobTransitions.require(from, action);
        assertEquals(to, t.to());
        assertEquals(announcement, t.announcement());
    }

    @Test
    void everyOtherPairIsRefused() {
        Map<Status, Set<Action>> legal = new HashMap<>();
        legal.put(Status.DRAFT, EnumSet.of(Action.SUBMIT));
        legal.put(Status.FUNDING, EnumSet.of(Action.FUND, Action.REJECT_FUNDING));
        legal.put(Status.ACTIVE, EnumSet.of(Action.PAUSE, Action.CANCEL, Action.COMPLETE));
        legal.put(Status.PAUSED, EnumSet.of(Action.RESUME, Action.CANCEL, Action.COMPLETE));
        int refused = 0;
        for (Status from : Status.values()) {
            for (Action action : Action.values()) {
                boolean allowed = legal.getOrDefault(from, Set.of()).contains(action);
                assertEquals(allowed, JobTransitions.next(from, action).isPresent(), from + " " + action);
                if (!allowed) {
                    refused++;
                    JobTransitions.IllegalTransition e = assertThrows(JobTransitions.IllegalTransition.class,
                            () -> JobTransitions.require(from, action));
                    assertEquals(from, e.from());
                }
            }
        }
        assertEquals(Status.values().length * Action.values().length - 9, refused);
    }

    @Test
    void finalStatusesHaveNoWayOut() {
        for (Status end : EnumSet.of(Status.COMPLETED, Status.REJECTED, Status.CANCELLED)) {
            for (Action action : Action.values()) {
                assertEquals(Optional.empty(), JobTransitions.next(end, action), end + " " + action);
            }
        }
    }

    @Test
    void everyStatusIsReachableFromDraft() {
        Set<Status> seen = EnumSet.of(Status.DRAFT);
        ArrayDeque<Status> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            Status s = todo.poll();
            for (Action a : Action.values()) {
                JobTransitions.next(s, a).map(JobTransitions.Transition::to).filter(seen::add).ifPresent(todo::add);
            }
        }
        assertEquals(EnumSet.allOf(Status.class), seen);
    }

    @Test
    void openStatusesAreThoseThatMayCompleteOrCancel() {
        assertEquals(EnumSet.of(Status.ACTIVE, Status.PAUSED), JobTransitions.from(Action.COMPLETE));
        assertEquals(JobTransitions.OPEN, JobTransitions.from(Action.CANCEL));
        assertTrue(JobTransitions.handsOutWork(Status.ACTIVE));
        assertEquals(Set.of(Status.ACTIVE), EnumSet.allOf(Status.class).stream()
                .filter(JobTransitions::handsOutWork).collect(java.util.stream.Collectors.toSet()));
        assertEquals("'ACTIVE', 'PAUSED'", JobTransitions.sqlList(JobTransitions.OPEN));
    }

    @Test
    void applyMovesTheEntityOrLeavesItUntouched() {
        Job job = new Job();
        job.status = Status.ACTIVE;
        OffsetDateTime now = OffsetDateTime.parse("2026-12-06T00:00:00Z");
        job.apply(Action.PAUSE, now);
        assertEquals(Status.PAUSED, job.status);
        assertEquals(now, job.updatedAt);
        JobTransitions.IllegalTransition e = assertThrows(JobTransitions.IllegalTransition.class,
                () -> job.apply(Action.PAUSE, now.plusSeconds(1)));
        assertEquals("Cannot pause a job in status PAUSED", e.getMessage());
        assertEquals(Status.PAUSED, job.status);
        assertEquals(now, job.updatedAt);
    }
}
