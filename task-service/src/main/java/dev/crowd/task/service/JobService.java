package dev.crowd.task.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crowd.contracts.Money;
import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.OverlapPolicy;
import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.task.Job;
import dev.crowd.task.JobTransitions;
import dev.crowd.task.JobTransitions.Action;
import dev.crowd.task.config.TaskConfig;
import dev.crowd.task.JobModel.Eligibility;
import dev.crowd.task.JobModel.JobRequest;
import dev.crowd.task.JobModel.JobView;
import dev.crowd.task.JobModel.LabelDef;
import dev.crowd.task.JobModel.Overlap;
import dev.crowd.task.JobModel.Progress;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.UUID;

/** Jobs as requesters drive them: create, edit while DRAFT, submit (price), pause, resume, cancel. */
@ApplicationScoped
public class JobService {

    private static final TypeReference<List<LabelDef>> LABELS = new TypeReference<>() {
    };
    private static final TypeReference<Set<String>> STRINGS = new TypeReference<>() {
    };

    private final Outbox outbox;
    private final TaskConfig config;
    private final Json json;
    private final WorkQueue queue;

    public JobService(Outbox outbox, TaskConfig config, Json json, WorkQueue queue) {
        this.outbox = outbox;
        this.config = config;
        this.json = json;
        this.queue = queue;
    }

    @WithTransaction
    public Uni<Job> create(String requesterId, JobRequest request) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.requesterId = requesterId;
        job.status = Job.Status.DRAFT;
        job.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(job, request);
        return job.persist().replaceWith(job);
    }

    @WithTransaction
    public Uni<Job> update(String requesterId, UUID id, JobRequest request) {
        return own(requesterId, id).map(job -> {
            requireStatus(job, "edit", Job.Status.DRAFT);
            apply(job, request);
            return job;
        });
    }

    @WithSession
    public Uni<Job> get(String requesterId, UUID id) {
        return own(requesterId, id);
    }

    @WithSession
    public Uni<List<Job>> list(String requesterId) {
        return Job.<Job>find("requesterId = ?1 order by createdAt desc", requesterId).list();
    }

    /** DRAFT → FUNDING: prices the job, announces it (JobSubmitted) and its gold (GoldRegistered chunks). */
    @WithTransaction
    public Uni<Job> submit(String requesterId, UUID id) {
        return own(requesterId, id).call(job -> {
            if (job.status != Job.Status.DRAFT) {
                throw illegal(job, Action.SUBMIT);
            }
            if (job.itemCount == 0) {
                throw ProblemException.invalidField("items", "upload at least one item before submitting");
            }
            if (job.goldPerMicroJob > 0 && job.goldCount == 0) {
                throw ProblemException.invalidField("goldPerMicroJob",
                        "the job mixes in gold items but none were uploaded (upload gold or set goldPerMicroJob to 0)");
            }
            if (job.deadline != null && job.deadline.isBefore(OffsetDateTime.now())) {
                throw ProblemException.invalidField("deadline", "the deadline has passed");
            }
            Pricing.Price price = price(job);
            job.feeAmount = price.feePerJudgment().amount();
            job.maxTotalJudgments = price.maxJudgments();
            job.budgetAmount = price.budget().amount();
            transition(job, Action.SUBMIT);
            List<String> labelKeys = labels(job).stream().map(LabelDef::key).toList();
            JobSubmitted submitted = new JobSubmitted(UUID.randomUUID(), Instant.now(), job.id, job.requesterId,
                    job.title, job.taskType.name(), labelKeys, job.itemCount, job.goldCount,
                    new OverlapPolicy(job.minJudgments, job.maxJudgments, job.targetConfidence),
                    price.rewardPerJudgment(), price.feePerJudgment(), price.maxJudgments(), price.budget());
            return outbox.publish(submitted).chain(() -> publishGold(job));
        });
    }

    private Uni<Void> publishGold(Job job) {
        if (job.goldCount == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id, gold_label from item where job_id = ?1 and gold_label is not null order by seq",
                        Object[].class).setParameter(1, job.id).getResultList())
                .chain(rows -> {
                    int size = config.goldChunkSize();
                    int chunks = (rows.size() + size - 1) / size;
                    List<JobEvent> events = new ArrayList<>();
                    for (int c = 0; c < chunks; c++) {
                        List<GoldRegistered.GoldItem> items = rows.subList(c * size, Math.min(rows.size(), (c + 1) * size))
                                .stream().map(r -> new GoldRegistered.GoldItem((UUID) r[0], (String) r[1])).toList();
                        events.add(new GoldRegistered(UUID.randomUUID(), Instant.now(), job.id, c, chunks, items));
                    }
                    return outbox.publishAll(events);
                });
    }

    /** ACTIVE → PAUSED: claims stop handing out its work; nobody outside task-service needs to know. */
    @WithTransaction
    public Uni<Job> pause(String requesterId, UUID id) {
        return own(requesterId, id).invoke(job -> transition(job, Action.PAUSE));
    }

    /** PAUSED → ACTIVE. */
    @WithTransaction
    public Uni<Job> resume(String requesterId, UUID id) {
        return own(requesterId, id).invoke(job -> transition(job, Action.RESUME));
    }

    @WithTransaction
    public Uni<Job> cancel(String requesterId, UUID id, String reason) {
        return own(requesterId, id).call(job -> {
            transition(job, Action.CANCEL);
            job.statusReason = reason == null || reason.isBlank() ? "cancelled by the requester" : reason;
            return outbox.publish(new JobCancelled(UUID.randomUUID(), Instant.now(), job.id, job.requesterId,
                            job.statusReason))
                    .chain(() -> queue.drop(job.id)); // nothing more is handed out; open leases get 410 on submit
        });
    }

    /** Applies a requester's transition; an illegal one is 409 {@code job-status}. */
    static JobTransitions.Transition transition(Job job, Action action) {
        try {
            return job.apply(action, now());
        } catch (JobTransitions.IllegalTransition e) {
            throw illegal(job, action);
        }
    }

    private static ProblemException illegal(Job job, Action action) {
        return ProblemException.conflict("job-status", new JobTransitions.IllegalTransition(job.status, action).getMessage())
                .with("jobStatus", job.status.name());
    }

    /** The caller's job, or 404 (another requester's job is indistinguishable from a missing one). */
    public Uni<Job> own(String requesterId, UUID id) {
        return Job.<Job>findById(id).map(job -> {
            if (job == null || !job.requesterId.equals(requesterId)) {
                throw ProblemException.notFound("Job " + id);
            }
            return job;
        });
    }

    public Pricing.Price price(Job job) {
        return Pricing.price(job.itemCount, job.goldCount, job.maxJudgments, job.microJobSize, job.goldPerMicroJob,
                new Money(job.rewardAmount, job.currency), config.feeBasisPoints());
    }

    public List<LabelDef> labels(Job job) {
        return json.read(job.labels, LABELS);
    }

    public Set<String> strings(String jsonArray) {
        return json.read(jsonArray, STRINGS);
    }

    /** The job with its progress (answers are counted, not kept in a counter on the job row). */
    @WithSession
    public Uni<JobView> viewOf(Job job) {
        return judgments(List.of(job)).map(counts -> view(job, counts.getOrDefault(job.id, 0L)));
    }

    @WithSession
    public Uni<List<JobView>> viewsOf(List<Job> list) {
        return judgments(list).map(counts -> list.stream().map(j -> view(j, counts.getOrDefault(j.id, 0L))).toList());
    }

    private Uni<Map<UUID, Long>> judgments(List<Job> list) {
        List<UUID> started = list.stream().filter(j -> j.activatedAt != null).map(j -> j.id).toList();
        if (started.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select job_id, count(*) from answer where job_id in (?1) group by job_id", Object[].class)
                .setParameter(1, started).getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((UUID) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    public JobView view(Job job, long judgments) {
        Money reward = new Money(job.rewardAmount, job.currency);
        Money fee = job.feeAmount == null ? null : new Money(job.feeAmount, job.currency);
        Money perJudgment = reward.plus(fee == null ? reward.percentBasisPoints(config.feeBasisPoints()) : fee);
        Progress progress = new Progress(job.itemCount, job.goldCount, job.resolvedCount, judgments,
                perJudgment.times(judgments), estimate(job));
        return new JobView(job.id, job.title, job.instructions, job.taskType, labels(job),
                new Overlap(job.minJudgments, job.maxJudgments, job.targetConfidence), reward, fee,
                job.maxTotalJudgments, job.budgetAmount == null ? null : new Money(job.budgetAmount, job.currency),
                job.microJobSize, job.leaseSeconds, job.goldPerMicroJob,
                new Eligibility(job.minTrust, strings(job.skills), strings(job.qualifications)),
                job.deadline, job.status, job.statusReason,
                job.shortfallAmount == null ? null : new Money(job.shortfallAmount, job.currency),
                progress, job.createdAt);
    }

    /** Linear extrapolation of the resolve rate since activation; null until something is resolved. */
    private static OffsetDateTime estimate(Job job) {
        if (job.status == Job.Status.COMPLETED) {
            return job.completedAt;
        }
        if (job.activatedAt == null || job.resolvedCount == 0 || !JobTransitions.handsOutWork(job.status)) {
            return null;
        }
        OffsetDateTime now = now();
        long elapsedMs = Duration.between(job.activatedAt, now).toMillis();
        long remaining = job.itemCount - job.resolvedCount;
        return now.plus(Duration.ofMillis(elapsedMs * remaining / job.resolvedCount));
    }

    private void apply(Job job, JobRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!r.taskType().supported()) {
            errors.add(new Problem.FieldError("taskType", r.taskType() + " is not supported yet; use SINGLE_LABEL"));
        }
        if (r.overlap().min() > r.overlap().max()) {
            errors.add(new Problem.FieldError("overlap.min", "must not exceed overlap.max"));
        }
        if (!r.reward().currency().equals(config.currency())) {
            errors.add(new Problem.FieldError("reward.currency", "this platform pays in " + config.currency()));
        }
        Set<String> keys = new HashSet<>();
        Set<String> hotkeys = new HashSet<>();
        for (int i = 0; i < r.labels().size(); i++) {
            LabelDef label = r.labels().get(i);
            if (!keys.add(label.key())) {
                errors.add(new Problem.FieldError("labels[" + i + "].key", "duplicate key " + label.key()));
            }
            if (label.hotkey() != null && !label.hotkey().isEmpty() && !hotkeys.add(label.hotkey())) {
                errors.add(new Problem.FieldError("labels[" + i + "].hotkey", "duplicate hotkey " + label.hotkey()));
            }
        }
        if (r.deadline() != null && r.deadline().isBefore(OffsetDateTime.now())) {
            errors.add(new Problem.FieldError("deadline", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", "The job has invalid settings", errors);
        }
        Eligibility e = r.eligibility() == null ? new Eligibility(0, Set.of(), Set.of()) : r.eligibility();
        job.title = r.title().strip();
        job.instructions = r.instructions() == null ? "" : r.instructions();
        job.taskType = r.taskType();
        job.labels = json.write(r.labels());
        job.minJudgments = r.overlap().min();
        job.maxJudgments = r.overlap().max();
        job.targetConfidence = r.overlap().targetConfidence();
        job.currency = r.reward().currency();
        job.rewardAmount = r.reward().amount();
        job.microJobSize = r.microJobSize();
        job.leaseSeconds = r.leaseSeconds();
        job.goldPerMicroJob = r.goldPerMicroJob() == null ? 0 : r.goldPerMicroJob();
        job.minTrust = e.minTrust() == null ? 0 : e.minTrust();
        job.skills = json.write(e.skills() == null ? Set.of() : new LinkedHashSet<>(e.skills()));
        job.qualifications = json.write(e.qualifications() == null ? Set.of() : new LinkedHashSet<>(e.qualifications()));
        job.deadline = r.deadline();
        job.updatedAt = now();
    }

    static void requireStatus(Job job, String action, Job.Status... allowed) {
        for (Job.Status s : allowed) {
            if (job.status == s) {
                return;
            }
        }
        throw ProblemException.conflict("job-status", "Cannot " + action + " a job in status " + job.status)
                .with("jobStatus", job.status.name());
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
