package dev.crowd.task;

import dev.crowd.task.Job.Status;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every legal change of a job's status and the event it produces, in one table (no I/O):
 * DRAFT → FUNDING → ACTIVE ⇄ PAUSED → COMPLETED; FUNDING → REJECTED; ACTIVE|PAUSED → CANCELLED.
 * Services ask {@link #next} before they write a status; SQL that filters on statuses takes its
 * list from {@link #from} so the table stays the only place that knows them.
 */
public final class JobTransitions {

    /** What can happen to a job. */
    public enum Action { SUBMIT, FUND, REJECT_FUNDING, PAUSE, RESUME, CANCEL, COMPLETE }

    /** The event a transition announces on crowd.jobs (only events someone consumes are written). */
    public enum Announcement { NONE, JOB_SUBMITTED, JOB_CANCELLED, JOB_COMPLETED }

    /** One legal transition. */
    public record Transition(Status from, Action action, Status to, Announcement announcement) {
    }

    private static final Set<Transition> TABLE = Set.of(
            new Transition(Status.DRAFT, Action.SUBMIT, Status.FUNDING, Announcement.JOB_SUBMITTED),
            new Transition(Status.FUNDING, Action.FUND, Status.ACTIVE, Announcement.NONE),
            new Transition(Status.FUNDING, Action.REJECT_FUNDING, Status.REJECTED, Announcement.NONE),
            new Transition(Status.ACTIVE, Action.PAUSE, Status.PAUSED, Announcement.NONE),
            new Transition(Status.PAUSED, Action.RESUME, Status.ACTIVE, Announcement.NONE),
            new Transition(Status.ACTIVE, Action.CANCEL, Status.CANCELLED, Announcement.JOB_CANCELLED),
            new Transition(Status.PAUSED, Action.CANCEL, Status.CANCELLED, Announcement.JOB_CANCELLED),
            new Transition(Status.ACTIVE, Action.COMPLETE, Status.COMPLETED, Announcement.JOB_COMPLETED),
            new Transition(Status.PAUSED, Action.COMPLETE, Status.COMPLETED, Announcement.JOB_COMPLETED));

    /** Statuses in which a job holds open work (queues, leases, answers still taken). */
    public static final Set<Status> OPEN = EnumSet.of(Status.ACTIVE, Status.PAUSED);

    private JobTransitions() {
    }

    /** The transition {@code action} makes from {@code from}, or empty when it is not allowed. */
    public static Optional<Transition> next(Status from, Action action) {
        return TABLE.stream().filter(t -> t.from() == from && t.action() == action).findFirst();
    }

    /** Like {@link #next}, but an illegal transition throws. */
    public static Transition require(Status from, Action action) {
        return next(from, action).orElseThrow(() -> new IllegalTransition(from, action));
    }

    /** The statuses {@code action} may start from. */
    public static Set<Status> from(Action action) {
        Set<Status> from = EnumSet.noneOf(Status.class);
        TABLE.stream().filter(t -> t.action() == action).forEach(t -> from.add(t.from()));
        return from;
    }

    /** Whether the job still holds open work (claims may be pending, answers are taken). */
    public static boolean isOpen(Status status) {
        return OPEN.contains(status);
    }

    /** Whether claims hand out this job's work now. */
    public static boolean handsOutWork(Status status) {
        return status == Status.ACTIVE;
    }

    /** {@code 'A', 'B'}: a status list for SQL text built from this table (constants only, no user input). */
    public static String sqlList(Set<Status> statuses) {
        return statuses.stream().sorted().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    }

    /** A transition the table does not allow. */
    public static final class IllegalTransition extends RuntimeException {
        private final Status from;
        private final Action action;

        public IllegalTransition(Status from, Action action) {
            super("Cannot " + action.name().toLowerCase().replace('_', ' ') + " a job in status " + from);
            this.from = from;
            this.action = action;
        }

        public Status from() {
            return from;
        }

        public Action action() {
            return action;
        }
    }
}
