package dev.crowd.task.service;

import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.outbox.OutboxRows;
import dev.crowd.task.Assignment;
import dev.crowd.task.Job;
import dev.crowd.task.config.TaskConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The statements of the submit hot path, on the plain reactive SQL client: one read (assignment + job)
 * and one write (state change, answers and the outbox row in a single statement, hence one
 * transaction), grouped with concurrent submits (see {@link GroupCommit}).
 */
@ApplicationScoped
public class SubmitStore {

    /** The assignment, its job, and the annotator's standing from the crowd.workers projection (if known). */
    private static final String SUBMIT_CONTEXT = """
            select a.worker_id, a.job_id, a.status, a.item_ids, a.lease_ends_at, a.ended_at, a.answers_digest,
                   j.status as job_status, j.labels, w.status as w_status, w.reason as w_reason,
                   coalesce(w.suspended_job_ids::jsonb ? a.job_id::text, false) as suspended_from_job
            from assignment a join job j on j.id = a.job_id
            left join worker_profile w on w.worker_id = a.worker_id
            where a.id = $1""";

    /**
     * The submit as one statement (one transaction): the conditional state change, the answers and the
     * AssignmentSubmitted outbox row. When the lease is no longer ACTIVE and live, nothing is written
     * and the count is 0. The outbox row is written by the platform's {@link OutboxRows} statement.
     */
    private static final String SUBMIT = """
            with marked as (
                update assignment set status = 'SUBMITTED', ended_at = $1, answers_digest = $2
                where id = $3 and status = 'ACTIVE' and lease_ends_at > $1
                returning id, job_id, worker_id),
            answers as (
                insert into answer (assignment_id, item_id, job_id, worker_id, label, time_spent_ms)
                select m.id, x.item_id, m.job_id, m.worker_id, x.label, x.ms
                from marked m, unnest($4::uuid[], $5::text[], $6::int8[]) as x(item_id, label, ms)),
            announced as (%s)
            select count(*) as updated from marked""".formatted(OutboxRows.insertSql(7, "exists (select 1 from marked)"));

    /**
     * {@link #SUBMIT} for many assignments (all different) at once, in one statement (one transaction):
     * submit {@code n} is the n-th element of $1..$3 (and of the events' arrays from $8), its answers the elements of $4..$7 naming its
     * assignment. Returns the ids of the assignments that were still ACTIVE and live (and are now submitted).
     */
    private static final String SUBMIT_MANY = """
            with x as (
                select * from unnest($1::uuid[], $2::timestamptz[], $3::text[]) with ordinality as x(id, now, digest, n)),
            marked as (
                update assignment a set status = 'SUBMITTED', ended_at = x.now, answers_digest = x.digest
                from x
                where a.id = x.id and a.status = 'ACTIVE' and a.lease_ends_at > x.now
                returning a.id, a.job_id, a.worker_id),
            answers as (
                insert into answer (assignment_id, item_id, job_id, worker_id, label, time_spent_ms)
                select m.id, y.item_id, m.job_id, m.worker_id, y.label, y.ms
                from marked m
                join unnest($4::uuid[], $5::uuid[], $6::text[], $7::int8[]) as y(assignment_id, item_id, label, ms)
                    on y.assignment_id = m.id),
            announced as (%s)
            select id from marked""".formatted(
            OutboxRows.insertSql(8, "o.n in (select x.n from marked m join x on x.id = m.id)"));

    /** What submit needs to know about an assignment (null when it does not exist). */
    public record SubmitContext(UUID id, String workerId, UUID jobId, Assignment.Status status, List<UUID> itemIds,
                                OffsetDateTime leaseEndsAt, OffsetDateTime endedAt, String answersDigest,
                                Job.Status jobStatus, String labelsJson, Eligibility standing,
                                boolean suspendedFromJob) {
    }

    /** One submit, as {@link #submit} takes it. */
    public record SubmitWrite(AssignmentSubmitted event, String digest, OffsetDateTime now) {
    }

    private final Pool pool;
    private final OutboxRows outboxRows;
    private final GroupCommit<SubmitWrite, Boolean> submits;

    public SubmitStore(Pool pool, OutboxRows outboxRows, TaskConfig config) {
        this.pool = pool;
        this.outboxRows = outboxRows;
        TaskConfig.GroupCommit group = config.groupCommit();
        // Disabled: every write alone (one runner per write, never a batch of more than one).
        int maxBatch = group.enabled() ? group.maxBatch() : 1;
        int maxInFlight = group.enabled() ? group.maxInFlight() : Integer.MAX_VALUE;
        // Two submits of one assignment never share a batch: the later one sees the first one's outcome.
        this.submits = new GroupCommit<>("submit", this::submitOne, this::submitMany,
                w -> w.event().assignmentId(), maxBatch, maxInFlight);
    }

    /** How the submit writes were grouped so far. */
    public String groupCommitStats() {
        return submits.stats();
    }

    public Uni<SubmitContext> submitContext(UUID assignmentId) {
        return pool.preparedQuery(SUBMIT_CONTEXT).execute(Tuple.of(assignmentId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            List<UUID> itemIds = Arrays.stream(r.getString("item_ids").split(",")).map(UUID::fromString).toList();
            return new SubmitContext(assignmentId, r.getString("worker_id"), r.getUUID("job_id"),
                    Assignment.Status.valueOf(r.getString("status")), itemIds,
                    r.getOffsetDateTime("lease_ends_at"), r.getOffsetDateTime("ended_at"), r.getString("answers_digest"),
                    Job.Status.valueOf(r.getString("job_status")), r.getString("labels"),
                    r.getString("w_status") == null ? Eligibility.unknown() : new Eligibility(
                            WorkerStatus.valueOf(r.getString("w_status")), 0, Set.of(), Set.of(), Set.of(),
                            r.getString("w_reason")),
                    r.getBoolean("suspended_from_job"));
        });
    }

    /**
     * Marks the assignment SUBMITTED (only while ACTIVE with a live lease at {@code now}), stores the
     * answers and the event, all or nothing. Returns false when the assignment was no longer ACTIVE and
     * live (nothing written).
     */
    public Uni<Boolean> submit(AssignmentSubmitted event, String digest, OffsetDateTime now) {
        return submits.submit(new SubmitWrite(event, digest, now));
    }

    private Uni<Boolean> submitOne(SubmitWrite w) {
        AssignmentSubmitted event = w.event();
        int n = event.answers().size();
        UUID[] items = new UUID[n];
        String[] labels = new String[n];
        Long[] millis = new Long[n];
        for (int i = 0; i < n; i++) {
            AssignmentSubmitted.Answer a = event.answers().get(i);
            items[i] = a.itemId();
            labels[i] = a.label();
            millis[i] = a.timeSpentMillis();
        }
        Tuple args = Tuple.tuple()
                .addOffsetDateTime(w.now())
                .addString(w.digest())
                .addUUID(event.assignmentId())
                .addArrayOfUUID(items)
                .addArrayOfString(labels)
                .addArrayOfLong(millis);
        outboxRows.bind(args, List.of(event));
        return pool.preparedQuery(SUBMIT).execute(args)
                .map(rows -> rows.iterator().next().getLong("updated") > 0);
    }

    /**
     * Submits these (all different) assignments in one statement (one transaction): all or none. Returns,
     * in the order of {@code writes}, whether each assignment was still ACTIVE and live (and is now
     * submitted). {@link #submit} uses it for submits that arrive together.
     */
    public Uni<List<Boolean>> submitMany(List<SubmitWrite> writes) {
        int n = writes.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] now = new OffsetDateTime[n];
        String[] digests = new String[n];
        List<UUID> answerOf = new ArrayList<>();
        List<UUID> items = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SubmitWrite w = writes.get(i);
            AssignmentSubmitted event = w.event();
            ids[i] = event.assignmentId();
            now[i] = w.now();
            digests[i] = w.digest();
            for (AssignmentSubmitted.Answer a : event.answers()) {
                answerOf.add(event.assignmentId());
                items.add(a.itemId());
                labels.add(a.label());
                millis.add(a.timeSpentMillis());
            }
        }
        Tuple args = Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfOffsetDateTime(now)
                .addArrayOfString(digests)
                .addArrayOfUUID(answerOf.toArray(UUID[]::new))
                .addArrayOfUUID(items.toArray(UUID[]::new))
                .addArrayOfString(labels.toArray(String[]::new))
                .addArrayOfLong(millis.toArray(Long[]::new));
        outboxRows.bind(args, writes.stream().map(SubmitWrite::event).toList());
        return pool.preparedQuery(SUBMIT_MANY).execute(args).map(rows -> {
            Set<UUID> submitted = new HashSet<>();
            for (Row r : rows) {
                submitted.add(r.getUUID("id"));
            }
            List<Boolean> out = new ArrayList<>(n);
            for (UUID id : ids) {
                out.add(submitted.contains(id));
            }
            return out;
        });
    }
}
