package dev.crowd.task.service;

import dev.crowd.contracts.jobs.JobCompleted;
import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.contracts.payments.JobFundingRejected;
import dev.crowd.contracts.quality.ItemResolved;
import dev.crowd.contracts.quality.JudgmentsRequested;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.task.Job;
import dev.crowd.task.JobTransitions;
import dev.crowd.task.JobTransitions.Action;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What other services' events do to jobs. Each method runs inside the Inbox's transaction (once per
 * event id). Redis writes made here are idempotent (set, not add), so a retried event is harmless.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private static final String GROUP_ITEMS = """
            insert into micro_job (job_id, item_ids, slots)
            select ?1, string_agg(id::text, ',' order by seq), ?3
            from (select id, seq, (row_number() over (order by seq) - 1) / ?2 as grp
                  from item where job_id = ?1 and gold_label is null) numbered
            group by grp order by grp""";

    private static final int OPEN_PAGE = 2000;

    /** The COMPLETE transition as one conditional statement on the row (see {@link #completeIfDone}). */
    private static final String COMPLETE_IF_DONE = "update job set status = '" + Job.Status.COMPLETED.name()
            + "', completed_at = now(), updated_at = now() where id = ?1 and resolved_count >= item_count and status in ("
            + JobTransitions.sqlList(JobTransitions.from(Action.COMPLETE)) + ") returning requester_id, resolved_count";

    private final Outbox outbox;
    private final WorkQueue queue;
    private final JobService jobs;

    public JobLifecycle(Outbox outbox, WorkQueue queue, JobService jobs) {
        this.outbox = outbox;
        this.queue = queue;
        this.jobs = jobs;
    }

    /** FUNDING → ACTIVE: groups items into micro-jobs with min-judgment slots and opens them for claims. */
    public Uni<Void> funded(JobFunded event) {
        return Job.<Job>findById(event.jobId()).chain(job -> {
            if (job == null || JobTransitions.next(job.status, Action.FUND).isEmpty()) {
                LOG.warnf("JobFunded for job %s in status %s: ignored", event.jobId(), job == null ? "unknown" : job.status);
                return Uni.createFrom().voidItem();
            }
            job.activatedAt = JobService.now();
            job.apply(Action.FUND, job.activatedAt);
            long goldJudgments = jobs.price(job).goldJudgments();
            return Panache.getSession()
                    .chain(s -> s.createNativeQuery(GROUP_ITEMS).setParameter(1, job.id)
                            .setParameter(2, job.microJobSize).setParameter(3, job.minJudgments).executeUpdate())
                    .chain(() -> openMicroJobs(job.id, 0L))
                    .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                    "select id from item where job_id = ?1 and gold_label is not null", UUID.class)
                            .setParameter(1, job.id).getResultList()))
                    .chain(gold -> queue.registerGold(job.id, gold, goldJudgments))
                    // Claims start only once the queues are complete (and a job without it gets them rebuilt).
                    .chain(() -> queue.markReady(job.id));
        });
    }

    /** FUNDING → REJECTED, keeping the shortfall for the requester to see. */
    public Uni<Void> fundingRejected(JobFundingRejected event) {
        return Job.<Job>findById(event.jobId()).invoke(job -> {
            if (job == null || JobTransitions.next(job.status, Action.REJECT_FUNDING).isEmpty()) {
                LOG.warnf("JobFundingRejected for job %s in status %s: ignored", event.jobId(),
                        job == null ? "unknown" : job.status);
                return;
            }
            job.apply(Action.REJECT_FUNDING, JobService.now());
            job.shortfallAmount = event.shortfall().amount();
            job.statusReason = "insufficient funds: short by " + event.shortfall().toDisplayString()
                    + " (required " + event.required().toDisplayString() + ", available "
                    + event.available().toDisplayString() + ")";
        }).replaceWithVoid();
    }

    /**
     * One more slot for each listed item that is still open and under the policy maximum, grouped
     * into new micro-jobs of the job's size (one slot each).
     */
    public Uni<Void> judgmentsRequested(JudgmentsRequested event) {
        if (event.itemIds().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Job.<Job>findById(event.jobId()).chain(job -> {
            if (job == null || !JobTransitions.isOpen(job.status)) {
                return Uni.createFrom().voidItem();
            }
            return Panache.getSession()
                    .chain(s -> s.createNativeQuery("""
                                    select id from item where job_id = ?1 and id in (?2) and gold_label is null
                                    and resolved_at is null and extra_granted < ?3 order by seq for update""", UUID.class)
                            .setParameter(1, job.id).setParameter(2, List.copyOf(event.itemIds()))
                            .setParameter(3, job.maxJudgments - job.minJudgments).getResultList())
                    .chain(ids -> {
                        if (ids.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        return Panache.getSession()
                                .chain(s -> s.createNativeQuery("update item set extra_granted = extra_granted + 1 where id in (?1)")
                                        .setParameter(1, ids).executeUpdate())
                                .chain(() -> insertGroups(job, ids))
                                .chain(created -> queue.open(job.id, created));
                    });
        });
    }

    /** Inserts one-slot micro-jobs for {@code ids}, {@code microJobSize} items each. */
    private Uni<List<WorkQueue.MicroJobSlots>> insertGroups(Job job, List<UUID> ids) {
        Uni<List<WorkQueue.MicroJobSlots>> chain = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < ids.size(); i += job.microJobSize) {
            List<UUID> group = List.copyOf(ids.subList(i, Math.min(ids.size(), i + job.microJobSize)));
            String itemIds = String.join(",", group.stream().map(UUID::toString).toList());
            chain = chain.call(created -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("select nextval('micro_job_id_seq')", Long.class).getSingleResult())
                    .call(id -> Panache.getSession().chain(s -> s.createNativeQuery(
                                    "insert into micro_job (id, job_id, item_ids, slots) values (?1, ?2, ?3, 1)")
                            .setParameter(1, id).setParameter(2, job.id).setParameter(3, itemIds).executeUpdate()))
                    .invoke(id -> created.add(new WorkQueue.MicroJobSlots(id, group, 1))));
        }
        return chain;
    }

    /** Loads the job's micro-jobs into Redis page by page, so a million-item job is never one big list. */
    private Uni<Void> openMicroJobs(UUID jobId, long after) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select id, item_ids, slots from micro_job where job_id = ?1 and id > ?2"
                                + " order by id limit " + OPEN_PAGE, Object[].class)
                        .setParameter(1, jobId).setParameter(2, after).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<WorkQueue.MicroJobSlots> page = rows.stream().map(r -> new WorkQueue.MicroJobSlots(
                            ((Number) r[0]).longValue(),
                            Arrays.stream(((String) r[1]).split(",")).map(UUID::fromString).toList(),
                            ((Number) r[2]).intValue())).toList();
                    return queue.open(jobId, page).chain(() -> rows.size() < OPEN_PAGE
                            ? Uni.createFrom().voidItem()
                            : openMicroJobs(jobId, page.getLast().id()));
                });
    }

    /** Fills an item's result; the last regular item resolved completes the job (JobCompleted). */
    public Uni<Void> itemResolved(ItemResolved event) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("""
                                select resolved_at is null from item
                                where job_id = ?1 and id = ?2 and gold_label is null for update""", Boolean.class)
                        .setParameter(1, event.jobId()).setParameter(2, event.itemId()).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        LOG.warnf("ItemResolved for unknown item %s of job %s: ignored", event.itemId(), event.jobId());
                        return Uni.createFrom().voidItem();
                    }
                    boolean firstResolution = rows.getFirst();
                    Uni<Integer> update = Panache.getSession().chain(s -> s.createNativeQuery("""
                                    update item set resolved_label = ?3, confidence = ?4, agreement = ?5, judgments = ?6,
                                      method = ?7, low_confidence = ?8, resolved_at = coalesce(resolved_at, now())
                                    where job_id = ?1 and id = ?2""")
                            .setParameter(1, event.jobId()).setParameter(2, event.itemId()).setParameter(3, event.label())
                            .setParameter(4, event.confidence()).setParameter(5, event.agreement())
                            .setParameter(6, event.judgments()).setParameter(7, event.method())
                            .setParameter(8, event.lowConfidence()).executeUpdate());
                    if (!firstResolution) {
                        return update.replaceWithVoid(); // a re-resolution (e.g. after an appeal) only updates the result
                    }
                    return update.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                    "update job set resolved_count = resolved_count + 1, updated_at = now() where id = ?1")
                                    .setParameter(1, event.jobId()).executeUpdate()))
                            .chain(() -> completeIfDone(event.jobId()));
                });
    }

    /**
     * Completes the job when its last regular item is resolved. One statement decides and completes, on
     * the row itself: several ItemResolved share a transaction (and a session) when a poll is applied in
     * a batch, so a Job entity loaded earlier in it may be stale and must not be read or written here.
     */
    private Uni<Void> completeIfDone(UUID jobId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(COMPLETE_IF_DONE, Object[].class)
                        .setParameter(1, jobId).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    String requesterId = (String) rows.getFirst()[0];
                    long resolved = ((Number) rows.getFirst()[1]).longValue();
                    // How many answers qa-service will review: payment-service releases the escrow after that many verdicts.
                    return Panache.getSession().chain(s -> s.createNativeQuery("select count(*) from answer where job_id = ?1", Long.class)
                                    .setParameter(1, jobId).getSingleResult())
                            .chain(answers -> outbox.publish(new JobCompleted(UUID.randomUUID(), Instant.now(), jobId,
                                    requesterId, resolved, answers)))
                            .chain(() -> queue.drop(jobId));
                });
    }
}
