package dev.crowd.task.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.platform.json.EventJson;
import dev.crowd.task.Assignment;
import dev.crowd.task.Job;
import dev.crowd.task.TaskType;
import dev.crowd.task.config.TaskConfig;
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
import java.util.HashSet;
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

    /**
     * {@link #LEASE} for many claims at once, in one statement (one transaction): claim {@code n} is
     * the n-th element of the arrays $1..$7; its gold items are the elements of $8..$10 whose claim
     * number is {@code n}. Returns the items of every lease, by claim number, each in its shown order.
     */
    private static final String LEASE_MANY = """
            with c as (
                select * from unnest($1::uuid[], $2::uuid[], $3::int8[], $4::text[], $5::int4[],
                                     $6::timestamptz[], $7::timestamptz[])
                    with ordinality as c(id, job_id, micro_job_id, worker_id, gold_count, leased_at, lease_ends_at, n)),
            regular as (
                select c.n, u.id, u.ord::float8 as k
                from c join micro_job m on m.id = c.micro_job_id
                cross join lateral unnest(string_to_array(m.item_ids, ',')::uuid[]) with ordinality as u(id, ord)),
            counts as (select c.n, count(r.id) as cnt from c left join regular r on r.n = c.n group by c.n),
            gold as (
                select g.n, g.id, floor(g.r * (counts.cnt + 1)) + 0.5 as k
                from unnest($8::int8[], $9::uuid[], $10::float8[]) as g(n, id, r) join counts on counts.n = g.n),
            mixed as (select n, id, k from regular union all select n, id, k from gold),
            leased as (
                insert into assignment (id, job_id, micro_job_id, worker_id, status, item_ids, gold_count,
                                        leased_at, lease_ends_at)
                select c.id, c.job_id, c.micro_job_id, c.worker_id, 'ACTIVE',
                       (select string_agg(x.id::text, ',' order by x.k, x.id) from mixed x where x.n = c.n),
                       c.gold_count, c.leased_at, c.lease_ends_at
                from c order by c.n
                returning id)
            select x.n, x.id, i.data::text as data
            from mixed x join item i on i.id = x.id
            where exists (select 1 from leased)
            order by x.n, x.k, x.id""";

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

    /**
     * {@link #SUBMIT} for many assignments (all different) at once, in one statement (one transaction):
     * submit {@code n} is the n-th element of $1..$9, its answers the elements of $10..$13 naming its
     * assignment. Returns the ids of the assignments that were still ACTIVE and live (and are now submitted).
     */
    private static final String SUBMIT_MANY = """
            with x as (
                select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], $5::text[], $6::text[],
                                     $7::text[], $8::text[], $9::timestamptz[])
                    with ordinality as x(id, now, digest, event_id, topic, message_key, event_type, payload,
                                         occurred_at, n)),
            marked as (
                update assignment a set status = 'SUBMITTED', ended_at = x.now, answers_digest = x.digest
                from x
                where a.id = x.id and a.status = 'ACTIVE' and a.lease_ends_at > x.now
                returning a.id, a.job_id, a.worker_id),
            answers as (
                insert into answer (assignment_id, item_id, job_id, worker_id, label, time_spent_ms)
                select m.id, y.item_id, m.job_id, m.worker_id, y.label, y.ms
                from marked m
                join unnest($10::uuid[], $11::uuid[], $12::text[], $13::int8[]) as y(assignment_id, item_id, label, ms)
                    on y.assignment_id = m.id),
            announced as (
                insert into outbox_message (event_id, topic, message_key, event_type, payload, occurred_at)
                select x.event_id, x.topic, x.message_key, x.event_type, x.payload, x.occurred_at
                from marked m join x on x.id = m.id
                order by x.n)
            select id from marked""";

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

    /** One claim's lease, as {@link #lease} takes it. */
    public record LeaseWrite(UUID assignmentId, UUID jobId, long microJobId, String workerId,
                             List<UUID> goldItemIds, double[] goldPositions,
                             OffsetDateTime leasedAt, OffsetDateTime leaseEndsAt) {
    }

    /** One submit, as {@link #submit} takes it. */
    public record SubmitWrite(AssignmentSubmitted event, String digest, OffsetDateTime now) {
    }

    private final Pool pool;
    private final Json json;
    private final EventJson events;
    private final GroupCommit<LeaseWrite, List<ItemData>> leases;
    private final GroupCommit<SubmitWrite, Boolean> submits;

    public WorkStore(Pool pool, Json json, EventJson events, TaskConfig config) {
        this.pool = pool;
        this.json = json;
        this.events = events;
        TaskConfig.GroupCommit group = config.groupCommit();
        // Disabled: every write alone (one runner per write, never a batch of more than one).
        int maxBatch = group.enabled() ? group.maxBatch() : 1;
        int maxInFlight = group.enabled() ? group.maxInFlight() : Integer.MAX_VALUE;
        this.leases = new GroupCommit<>("lease", this::leaseOne, this::leaseMany, null, maxBatch, maxInFlight);
        // Two submits of one assignment never share a batch: the later one sees the first one's outcome.
        this.submits = new GroupCommit<>("submit", this::submitOne, this::submitMany,
                w -> w.event().assignmentId(), maxBatch, maxInFlight);
    }

    /** How the lease and submit writes were grouped so far. */
    public String groupCommitStats() {
        return leases.stats() + "; " + submits.stats();
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
        return lease(new LeaseWrite(assignmentId, jobId, microJobId, workerId, goldItemIds, goldPositions,
                leasedAt, leaseEndsAt));
    }

    /** {@link #lease}, coalesced with concurrent leases (group commit); the items follow the commit. */
    public Uni<List<ItemData>> lease(LeaseWrite w) {
        return leases.submit(w);
    }

    private Uni<List<ItemData>> leaseOne(LeaseWrite w) {
        Double[] fractions = Arrays.stream(w.goldPositions()).boxed().toArray(Double[]::new);
        Tuple args = Tuple.tuple()
                .addLong(w.microJobId())
                .addArrayOfUUID(w.goldItemIds().toArray(UUID[]::new))
                .addArrayOfDouble(fractions)
                .addUUID(w.assignmentId())
                .addUUID(w.jobId())
                .addString(w.workerId())
                .addInteger(w.goldItemIds().size())
                .addOffsetDateTime(w.leasedAt())
                .addOffsetDateTime(w.leaseEndsAt());
        return pool.preparedQuery(LEASE).execute(args).map(WorkStore::items);
    }

    /**
     * Records these leases in one statement (one transaction): all or none. Returns each lease's items,
     * in the order of {@code writes}. {@link #lease} uses it for leases that arrive together.
     */
    public Uni<List<List<ItemData>>> leaseMany(List<LeaseWrite> writes) {
        int n = writes.size();
        UUID[] ids = new UUID[n];
        UUID[] jobIds = new UUID[n];
        Long[] microJobs = new Long[n];
        String[] workers = new String[n];
        Integer[] goldCounts = new Integer[n];
        OffsetDateTime[] leasedAt = new OffsetDateTime[n];
        OffsetDateTime[] endsAt = new OffsetDateTime[n];
        List<Long> goldOf = new ArrayList<>();
        List<UUID> gold = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LeaseWrite w = writes.get(i);
            ids[i] = w.assignmentId();
            jobIds[i] = w.jobId();
            microJobs[i] = w.microJobId();
            workers[i] = w.workerId();
            goldCounts[i] = w.goldItemIds().size();
            leasedAt[i] = w.leasedAt();
            endsAt[i] = w.leaseEndsAt();
            for (int g = 0; g < w.goldItemIds().size(); g++) {
                goldOf.add(i + 1L); // ordinality counts from 1
                gold.add(w.goldItemIds().get(g));
                fractions.add(w.goldPositions()[g]);
            }
        }
        Tuple args = Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfUUID(jobIds)
                .addArrayOfLong(microJobs)
                .addArrayOfString(workers)
                .addArrayOfInteger(goldCounts)
                .addArrayOfOffsetDateTime(leasedAt)
                .addArrayOfOffsetDateTime(endsAt)
                .addArrayOfLong(goldOf.toArray(Long[]::new))
                .addArrayOfUUID(gold.toArray(UUID[]::new))
                .addArrayOfDouble(fractions.toArray(Double[]::new));
        return pool.preparedQuery(LEASE_MANY).execute(args).map(rows -> {
            List<List<ItemData>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new ArrayList<>());
            }
            for (Row r : rows) {
                out.get((int) (r.getLong("n") - 1)).add(new ItemData(r.getUUID("id"), r.getString("data")));
            }
            return out;
        });
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
        UUID[] eventIds = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
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
            eventIds[i] = event.eventId();
            topics[i] = event.topic();
            keys[i] = event.key();
            types[i] = event.cloudEventType();
            payloads[i] = events.write(event);
            occurredAt[i] = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
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
                .addArrayOfUUID(eventIds)
                .addArrayOfString(topics)
                .addArrayOfString(keys)
                .addArrayOfString(types)
                .addArrayOfString(payloads)
                .addArrayOfOffsetDateTime(occurredAt)
                .addArrayOfUUID(answerOf.toArray(UUID[]::new))
                .addArrayOfUUID(items.toArray(UUID[]::new))
                .addArrayOfString(labels.toArray(String[]::new))
                .addArrayOfLong(millis.toArray(Long[]::new));
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
