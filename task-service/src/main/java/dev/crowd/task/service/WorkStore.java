package dev.crowd.task.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.platform.json.EventJson;
import dev.crowd.task.Assignment;
import dev.crowd.task.Job;
import dev.crowd.task.TaskType;
import dev.crowd.task.rest.JobDtos.LabelDef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The statements of the claim and submit hot paths, on the plain reactive SQL client: one statement
 * per step, no ORM session, no entity loading. Claim = one read (job + annotator profile) and one
 * write (lease + item payloads); submit = one read (assignment + job) and one write (state change,
 * answers and the outbox row in a single statement, hence one transaction).
 */
@ApplicationScoped
public class WorkStore {

    private static final TypeReference<Set<UUID>> UUIDS = new TypeReference<>() {
    };
    private static final TypeReference<List<LabelDef>> LABELS = new TypeReference<>() {
    };
    private static final TypeReference<Set<String>> STRINGS = new TypeReference<>() {
    };

    private static final String JOB_COLUMNS = """
            j.id, j.status, j.title, j.instructions, j.task_type, j.labels, j.lease_seconds,
            j.gold_per_micro_job, j.min_trust, j.skills, j.qualifications, j.deadline""";
    private static final String PROFILE_COLUMNS = """
            w.status as w_status, w.trust, w.skills as w_skills, w.qualifications as w_qualifications,
            w.suspended_job_ids, w.reason""";

    /** The annotator's profile (if any) and one job (if it exists). Always one row. */
    private static final String CONTEXT_ONE_JOB = "select " + PROFILE_COLUMNS + ", " + JOB_COLUMNS + """
             from (select 1) one
            left join worker_profile w on w.worker_id = $1
            left join job j on j.id = $2""";

    /** The annotator's profile (if any) and the oldest ACTIVE jobs; one row with null job columns if none. */
    private static final String CONTEXT_ACTIVE_JOBS = "select " + PROFILE_COLUMNS + ", " + JOB_COLUMNS + """
             from (select 1) one
            left join worker_profile w on w.worker_id = $1
            left join lateral (select * from job where status = 'ACTIVE' order by created_at limit $2::int) j on true
            order by j.created_at""";

    /**
     * Records the lease and returns the items to show, in one statement. The micro-job's items keep
     * their order (keys 1..n); each gold item goes into a random gap (key g + 0.5 with g uniform in
     * 0..n, from the random fraction sent along), ties broken by id so the stored order and the
     * returned order agree.
     */
    private static final String LEASE = """
            with regular as (
                select u.id, u.ord::float8 as k
                from micro_job m, unnest(string_to_array(m.item_ids, ',')::uuid[]) with ordinality as u(id, ord)
                where m.id = $1),
            n as (select count(*) as c from regular),
            gold as (
                select g.id, floor(g.r * (n.c + 1)) + 0.5 as k
                from n, unnest($2::uuid[], $3::float8[]) as g(id, r)),
            mixed as (select id, k from regular union all select id, k from gold),
            leased as (
                insert into assignment (id, job_id, micro_job_id, worker_id, status, item_ids, gold_count,
                                        leased_at, lease_ends_at)
                select $4, $5, $1, $6, 'ACTIVE', string_agg(id::text, ',' order by k, id), $7, $8, $9
                from mixed
                returning id)
            select x.id, i.data::text as data
            from mixed x join item i on i.id = x.id
            where exists (select 1 from leased)
            order by x.k, x.id""";

    private static final String ITEMS = """
            select u.id, i.data::text as data
            from unnest($1::uuid[]) with ordinality as u(id, ord) join item i on i.id = u.id
            order by u.ord""";

    private static final String SUBMIT_CONTEXT = """
            select a.worker_id, a.job_id, a.status, a.item_ids, a.lease_ends_at, a.ended_at, a.answers_digest,
                   j.status as job_status, j.labels
            from assignment a join job j on j.id = a.job_id
            where a.id = $1""";

    /**
     * The submit as one statement (one transaction): the conditional state change, the answers and the
     * AssignmentSubmitted outbox row. When the lease is no longer ACTIVE and live, nothing is written
     * and the count is 0. The outbox row has the columns {@link dev.crowd.platform.outbox.Outbox} writes.
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
            announced as (
                insert into outbox_message (event_id, topic, message_key, event_type, payload, occurred_at)
                select $7, $8, $9, $10, $11, $12 from marked)
            select count(*) as updated from marked""";

    /** A job as the claim path needs it. */
    public record JobCard(UUID id, Job.Status status, String title, String instructions, TaskType taskType,
                          String labelsJson, int leaseSeconds, int goldPerMicroJob, int minTrust,
                          Set<String> skills, Set<String> qualifications, OffsetDateTime deadline) {
    }

    /** The annotator's eligibility and the candidate jobs (empty when none). */
    public record ClaimContext(Eligibility eligibility, List<JobCard> jobs) {
    }

    /** One item as shown to its annotator: id and its data as JSON text. */
    public record ItemData(UUID id, String json) {
    }

    /** What submit needs to know about an assignment (null when it does not exist). */
    public record SubmitContext(UUID id, String workerId, UUID jobId, Assignment.Status status, List<UUID> itemIds,
                                OffsetDateTime leaseEndsAt, OffsetDateTime endedAt, String answersDigest,
                                Job.Status jobStatus, String labelsJson) {
    }

    private final Pool pool;
    private final Json json;
    private final EventJson events;

    public WorkStore(Pool pool, Json json, EventJson events) {
        this.pool = pool;
        this.json = json;
        this.events = events;
    }

    /** Profile and one job (absent from the list when it does not exist). */
    public Uni<ClaimContext> contextForJob(String workerId, UUID jobId) {
        return pool.preparedQuery(CONTEXT_ONE_JOB).execute(Tuple.of(workerId, jobId)).map(this::context);
    }

    /** Profile and up to {@code limit} ACTIVE jobs, oldest first. */
    public Uni<ClaimContext> contextForActiveJobs(String workerId, int limit) {
        return pool.preparedQuery(CONTEXT_ACTIVE_JOBS).execute(Tuple.of(workerId, limit)).map(this::context);
    }

    private ClaimContext context(RowSet<Row> rows) {
        Eligibility eligibility = null;
        List<JobCard> jobs = new ArrayList<>();
        for (Row r : rows) {
            if (eligibility == null) {
                String status = r.getString("w_status");
                eligibility = status == null ? Eligibility.unknown()
                        : new Eligibility(WorkerStatus.valueOf(status), r.getInteger("trust"),
                        json.read(r.getString("w_skills"), STRINGS), json.read(r.getString("w_qualifications"), STRINGS),
                        json.read(r.getString("suspended_job_ids"), UUIDS), r.getString("reason"));
            }
            UUID id = r.getUUID("id");
            if (id != null) {
                jobs.add(new JobCard(id, Job.Status.valueOf(r.getString("status")), r.getString("title"),
                        r.getString("instructions"), TaskType.valueOf(r.getString("task_type")), r.getString("labels"),
                        r.getInteger("lease_seconds"), r.getInteger("gold_per_micro_job"), r.getInteger("min_trust"),
                        json.read(r.getString("skills"), STRINGS), json.read(r.getString("qualifications"), STRINGS),
                        r.getOffsetDateTime("deadline")));
            }
        }
        return new ClaimContext(eligibility == null ? Eligibility.unknown() : eligibility, jobs);
    }

    public List<LabelDef> labels(String labelsJson) {
        return json.read(labelsJson, LABELS);
    }

    /**
     * Records the lease of a claimed slot and returns its items in the order the annotator sees them
     * (gold at random positions, unmarked). {@code goldPositions} holds one fraction in [0, 1) per gold item.
     */
    public Uni<List<ItemData>> lease(UUID assignmentId, UUID jobId, long microJobId, String workerId,
                                     List<UUID> goldItemIds, double[] goldPositions,
                                     OffsetDateTime leasedAt, OffsetDateTime leaseEndsAt) {
        Double[] fractions = Arrays.stream(goldPositions).boxed().toArray(Double[]::new);
        Tuple args = Tuple.tuple()
                .addLong(microJobId)
                .addArrayOfUUID(goldItemIds.toArray(UUID[]::new))
                .addArrayOfDouble(fractions)
                .addUUID(assignmentId)
                .addUUID(jobId)
                .addString(workerId)
                .addInteger(goldItemIds.size())
                .addOffsetDateTime(leasedAt)
                .addOffsetDateTime(leaseEndsAt);
        return pool.preparedQuery(LEASE).execute(args).map(WorkStore::items);
    }

    /** The data of these items, in this order. */
    public Uni<List<ItemData>> items(List<UUID> ids) {
        return pool.preparedQuery(ITEMS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(WorkStore::items);
    }

    private static List<ItemData> items(RowSet<Row> rows) {
        List<ItemData> items = new ArrayList<>(rows.size());
        for (Row r : rows) {
            items.add(new ItemData(r.getUUID("id"), r.getString("data")));
        }
        return items;
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
                    Job.Status.valueOf(r.getString("job_status")), r.getString("labels"));
        });
    }

    /**
     * Marks the assignment SUBMITTED (only while ACTIVE with a live lease at {@code now}), stores the
     * answers and the event, all or nothing. Returns false when the assignment was no longer ACTIVE and
     * live (nothing written).
     */
    public Uni<Boolean> submit(AssignmentSubmitted event, String digest, OffsetDateTime now) {
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
                .addOffsetDateTime(now)
                .addString(digest)
                .addUUID(event.assignmentId())
                .addArrayOfUUID(items)
                .addArrayOfString(labels)
                .addArrayOfLong(millis)
                .addUUID(event.eventId())
                .addString(event.topic())
                .addString(event.key())
                .addString(event.cloudEventType())
                .addString(events.write(event))
                .addOffsetDateTime(OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
        return pool.preparedQuery(SUBMIT).execute(args)
                .map(rows -> rows.iterator().next().getLong("updated") > 0);
    }
}
