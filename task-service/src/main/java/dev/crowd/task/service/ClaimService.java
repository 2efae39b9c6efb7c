package dev.crowd.task.service;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.task.Assignment;
import dev.crowd.task.Job;
import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.JobTransitions;
import dev.crowd.task.WorkModel.Item;
import dev.crowd.task.WorkModel.LeasedWork;
import dev.crowd.task.service.WorkStore.ItemData;
import dev.crowd.task.service.WorkStore.JobCard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /work/next}: picks the oldest ACTIVE job the annotator is eligible for, takes a slot
 * of a micro-job they have seen none of (atomically, in Redis), mixes in unseen gold items at random
 * positions, and records the leased assignment.
 *
 * <p>A claim is the hot path: it costs one SQL read (profile and job together), one Redis script and
 * one SQL write that records the lease and returns the items' data (see {@link WorkStore}).
 */
@ApplicationScoped
public class ClaimService {

    private static final Logger LOG = Logger.getLogger(ClaimService.class);
    private static final int MAX_JOBS_CONSIDERED = 200;

    private final WorkQueue queue;
    private final WorkStore store;
    private final TaskConfig config;
    private final JobService jobs;

    public ClaimService(WorkQueue queue, WorkStore store, TaskConfig config, JobService jobs) {
        this.queue = queue;
        this.store = store;
        this.config = config;
        this.jobs = jobs;
    }

    /** A new lease, or null when there is no work for this annotator now. */
    public Uni<LeasedWork> next(String workerId, UUID onlyJobId) {
        Uni<WorkStore.ClaimContext> context = onlyJobId == null
                ? store.contextForActiveJobs(workerId, MAX_JOBS_CONSIDERED)
                : store.contextForJob(workerId, onlyJobId);
        return context.chain(ctx -> {
            Eligibility eligibility = ctx.eligibility();
            if (eligibility.blocked()) {
                throw ProblemException.forbidden("worker-" + eligibility.status().name().toLowerCase(),
                        "You may not take work: " + (eligibility.reason() == null
                                ? "your account is " + eligibility.status().name().toLowerCase() : eligibility.reason()));
            }
            int cap = config.claims().maxActiveLeases();
            if (ctx.activeLeases() >= cap) {
                // Hoarding: leases held without answers keep slots from everyone else.
                throw new ProblemException(429, "too-many-leases", "Too many requests",
                        "You already hold " + ctx.activeLeases() + " micro-jobs; submit or return one first (at most "
                                + cap + " at a time)", null).with("maxActiveLeases", cap);
            }
            List<JobCard> candidates = ctx.jobs();
            if (onlyJobId != null) {
                JobCard job = candidates.isEmpty() ? null : candidates.get(0);
                if (job == null || !JobTransitions.isOpen(job.status())) {
                    throw ProblemException.notFound("Open job " + onlyJobId);
                }
                String refusal = refusal(eligibility, job);
                if (refusal != null) {
                    throw ProblemException.forbidden("not-eligible", refusal);
                }
                candidates = JobTransitions.handsOutWork(job.status()) ? candidates : List.of();
            }
            return tryJobs(workerId, eligibility, candidates, 0);
        });
    }

    private static String refusal(Eligibility eligibility, JobCard job) {
        if (job.deadline() != null && job.deadline().isBefore(OffsetDateTime.now())) {
            return "the job's deadline has passed";
        }
        return eligibility.refusal(job.id(), job.minTrust(), job.skills(), job.qualifications());
    }

    private Uni<LeasedWork> tryJobs(String workerId, Eligibility eligibility, List<JobCard> candidates, int index) {
        if (index >= candidates.size()) {
            return Uni.createFrom().nullItem();
        }
        JobCard job = candidates.get(index);
        if (refusal(eligibility, job) != null) {
            return tryJobs(workerId, eligibility, candidates, index + 1);
        }
        UUID leaseId = UUID.randomUUID();
        return queue.claim(job.id(), workerId, job.goldPerMicroJob(), config.claims().scanLimit(),
                        ThreadLocalRandom.current().nextLong(), leaseId)
                .chain(claim -> claim == null
                        ? tryJobs(workerId, eligibility, candidates, index + 1)
                        : lease(job, workerId, claim, leaseId));
    }

    private Uni<LeasedWork> lease(JobCard job, String workerId, WorkQueue.Claim claim, UUID id) {
        // PostgreSQL keeps microseconds: the lease end shown now must equal the one read back later.
        OffsetDateTime leasedAt = JobService.now().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime leaseEndsAt = leasedAt.plusSeconds(job.leaseSeconds());
        double[] goldPositions = new double[claim.goldItemIds().size()];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < goldPositions.length; i++) {
            goldPositions[i] = random.nextDouble();
        }
        return store.lease(id, job.id(), claim.microJobId(), workerId, claim.goldItemIds(), goldPositions,
                        leasedAt, leaseEndsAt)
                .map(items -> new LeasedWork(id, job.id(), job.title(), job.instructions(), job.taskType(),
                        store.labels(job.labelsJson()), Assignment.Status.ACTIVE, leaseEndsAt, workItems(items)))
                // From here the lease's own expiry returns the slot. If this call fails, the reconciler sees
                // the lease in PostgreSQL and only forgets the pending entry.
                .call(view -> queue.leased(job.id(), id).onFailure().recoverWithNull())
                .onFailure().call(failure -> {
                    // The lease was not recorded: give the slot back and forget that the annotator saw its items.
                    LOG.warnf(failure, "claim of micro-job %d not recorded; releasing its slot", claim.microJobId());
                    return queue.undoClaim(job.id(), id, workerId, claim);
                });
    }

    /** The assignment as its holder sees it: items in lease order, gold unmarked. */
    public Uni<LeasedWork> view(Job job, Assignment a) {
        return store.items(a.items()).map(items -> new LeasedWork(a.id, job.id, job.title, job.instructions,
                job.taskType, jobs.labels(job), a.status, a.leaseEndsAt, workItems(items)));
    }

    private static List<Item> workItems(List<ItemData> items) {
        return items.stream().map(i -> new Item(i.id(), i.json())).toList();
    }
}
