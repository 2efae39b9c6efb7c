package dev.crowd.task.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.platform.json.EventJson;
import dev.crowd.task.Assignment;
import dev.crowd.task.Job;
import dev.crowd.task.TaskType;
import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.JobModel.LabelDef;
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
 * The statements of the claim hot path, on the plain reactive SQL client: one statement per step, no
 * ORM session, no entity loading. Claim = one read (job + annotator profile) and one write (lease +
 * item payloads). The submit path is {@link SubmitStore}.
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
            w.suspended_job_ids, w.reason,
            (select count(*) from assignment a where a.worker_id = $1 and a.status = 'ACTIVE'
               and a.lease_ends_at > now()) as active_leases""";

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

    /** A job as the claim path needs it. */
    public record JobCard(UUID id, Job.Status status, String title, String instructions, TaskType taskType,
                          String labelsJson, int leaseSeconds, int goldPerMicroJob, int minTrust,
                          Set<String> skills, Set<String> qualifications, OffsetDateTime deadline) {
    }

    /** The annotator's eligibility, how many live leases they hold, and the candidate jobs (empty when none). */
    public record ClaimContext(Eligibility eligibility, long activeLeases, List<JobCard> jobs) {
    }

    /** One item as shown to its annotator: id and its data as JSON text. */
    public record ItemData(UUID id, String json) {
    }

    /** One claim's lease, as {@link #lease} takes it. */
    public record LeaseWrite(UUID assignmentId, UUID jobId, long microJobId, String workerId,
                             List<UUID> goldItemIds, double[] goldPositions,
                             OffsetDateTime leasedAt, OffsetDateTime leaseEndsAt) {
    }

    private final Pool pool;
    private final Json json;
    private final EventJson events;
    private final GroupCommit<LeaseWrite, List<ItemData>> leases;

    public WorkStore(Pool pool, Json json, EventJson events, TaskConfig config) {
        this.pool = pool;
        this.json = json;
        this.events = events;
        TaskConfig.GroupCommit group = config.groupCommit();
        // Disabled: every write alone (one runner per write, never a batch of more than one).
        int maxBatch = group.enabled() ? group.maxBatch() : 1;
        int maxInFlight = group.enabled() ? group.maxInFlight() : Integer.MAX_VALUE;
        this.leases = new GroupCommit<>("lease", this::leaseOne, this::leaseMany, null, maxBatch, maxInFlight);
    }

    /** How the lease writes were grouped so far. */
    public String groupCommitStats() {
        return leases.stats();
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
        long activeLeases = 0;
        List<JobCard> jobs = new ArrayList<>();
        for (Row r : rows) {
            if (eligibility == null) {
                activeLeases = r.getLong("active_leases");
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
        return new ClaimContext(eligibility == null ? Eligibility.unknown() : eligibility, activeLeases, jobs);
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


}
