package dev.crowd.task.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.task.Assignment;
import dev.crowd.task.Job;
import dev.crowd.task.WorkerProfile;
import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.rest.WorkDtos.AssignmentView;
import dev.crowd.task.rest.WorkDtos.WorkItem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /work/next}: picks the oldest ACTIVE job the annotator is eligible for, takes a slot
 * of a micro-job they have seen none of (atomically, in Redis), mixes in unseen gold items at random
 * positions, and records the leased assignment.
 */
@ApplicationScoped
public class ClaimService {

    private static final Logger LOG = Logger.getLogger(ClaimService.class);
    private static final TypeReference<Set<UUID>> UUIDS = new TypeReference<>() {
    };
    private static final int MAX_JOBS_CONSIDERED = 200;

    private final WorkQueue queue;
    private final JobService jobs;
    private final TaskConfig config;
    private final Json json;

    public ClaimService(WorkQueue queue, JobService jobs, TaskConfig config, Json json) {
        this.queue = queue;
        this.jobs = jobs;
        this.config = config;
        this.json = json;
    }

    /** A new lease, or null when there is no work for this annotator now. */
    public Uni<AssignmentView> next(String workerId, UUID onlyJobId) {
        return Panache.withSession(() -> eligibility(workerId).chain(eligibility -> {
            if (eligibility.blocked()) {
                throw ProblemException.forbidden("worker-" + eligibility.status().name().toLowerCase(),
                        "You may not take work: " + (eligibility.reason() == null
                                ? "your account is " + eligibility.status().name().toLowerCase() : eligibility.reason()));
            }
            Uni<List<Job>> candidates = onlyJobId == null
                    ? Job.<Job>find("status = ?1 order by createdAt", Job.Status.ACTIVE).page(0, MAX_JOBS_CONSIDERED).list()
                    : Job.<Job>findById(onlyJobId).map(job -> {
                        if (job == null || (job.status != Job.Status.ACTIVE && job.status != Job.Status.PAUSED)) {
                            throw ProblemException.notFound("Open job " + onlyJobId);
                        }
                        String refusal = refusal(eligibility, job);
                        if (refusal != null) {
                            throw ProblemException.forbidden("not-eligible", refusal);
                        }
                        return job.status == Job.Status.ACTIVE ? List.of(job) : List.of();
                    });
            return candidates.chain(list -> tryJobs(workerId, eligibility, list, 0));
        }));
    }

    private Uni<Eligibility> eligibility(String workerId) {
        return WorkerProfile.<WorkerProfile>findById(workerId).map(p -> p == null ? Eligibility.unknown()
                : new Eligibility(p.status, p.trust, jobs.strings(p.skills), jobs.strings(p.qualifications),
                json.read(p.suspendedJobIds, UUIDS), p.reason));
    }

    private String refusal(Eligibility eligibility, Job job) {
        if (job.deadline != null && job.deadline.isBefore(OffsetDateTime.now())) {
            return "the job's deadline has passed";
        }
        return eligibility.refusal(job.id, job.minTrust, jobs.strings(job.skills), jobs.strings(job.qualifications));
    }

    private Uni<AssignmentView> tryJobs(String workerId, Eligibility eligibility, List<Job> candidates, int index) {
        if (index >= candidates.size()) {
            return Uni.createFrom().nullItem();
        }
        Job job = candidates.get(index);
        if (refusal(eligibility, job) != null) {
            return tryJobs(workerId, eligibility, candidates, index + 1);
        }
        return queue.claim(job.id, workerId, job.goldPerMicroJob, config.claims().scanLimit(),
                        ThreadLocalRandom.current().nextLong())
                .chain(claim -> claim == null
                        ? tryJobs(workerId, eligibility, candidates, index + 1)
                        : lease(job, workerId, claim));
    }

    private Uni<AssignmentView> lease(Job job, String workerId, WorkQueue.Claim claim) {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> s.createNativeQuery("select item_ids from micro_job where id = ?1", String.class)
                                .setParameter(1, claim.microJobId()).getSingleResult())
                        .chain(itemIds -> {
                            List<UUID> items = new ArrayList<>(Arrays.stream(itemIds.split(",")).map(UUID::fromString).toList());
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            for (UUID gold : claim.goldItemIds()) {
                                items.add(random.nextInt(items.size() + 1), gold);
                            }
                            Assignment a = new Assignment();
                            a.id = UUID.randomUUID();
                            a.jobId = job.id;
                            a.microJobId = claim.microJobId();
                            a.workerId = workerId;
                            a.status = Assignment.Status.ACTIVE;
                            a.itemIds = String.join(",", items.stream().map(UUID::toString).toList());
                            a.goldCount = claim.goldItemIds().size();
                            a.leasedAt = JobService.now();
                            a.leaseEndsAt = a.leasedAt.plusSeconds(job.leaseSeconds);
                            return a.persist().replaceWith(a);
                        }))
                .chain(a -> view(job, a))
                .onFailure().call(failure -> {
                    // The lease was not recorded: give the slot back so it is not lost.
                    LOG.warnf(failure, "claim of micro-job %d not recorded; releasing its slot", claim.microJobId());
                    return queue.release(job.id, claim.microJobId(), claim.goldItemIds().size());
                });
    }

    /** The assignment as its holder sees it: items in lease order, gold unmarked. */
    public Uni<AssignmentView> view(Job job, Assignment a) {
        List<UUID> ids = a.items();
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select id, data::text from item where id in (?1)", Object[].class)
                        .setParameter(1, ids).getResultList())
                .map(rows -> {
                    Map<UUID, String> data = new HashMap<>();
                    rows.forEach(r -> data.put((UUID) r[0], (String) r[1]));
                    List<WorkItem> items = new ArrayList<>(ids.size());
                    for (UUID id : ids) {
                        try {
                            items.add(new WorkItem(id, json.mapper().readTree(data.get(id))));
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return new AssignmentView(a.id, job.id, job.title, job.instructions, job.taskType,
                            jobs.labels(job), a.status, a.leaseEndsAt, Collections.unmodifiableList(items));
                });
    }
}
