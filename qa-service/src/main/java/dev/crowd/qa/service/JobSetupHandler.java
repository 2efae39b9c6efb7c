package dev.crowd.qa.service;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;
import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.platform.json.EventJson;
import dev.crowd.qa.GoldLabel;
import dev.crowd.qa.ParkedEvent;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.core.Intake;
import dev.crowd.qa.core.JobPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * crowd.jobs: a job's label set and overlap policy (JobSubmitted), its gold (GoldRegistered chunks) and
 * its cancellation; events about a job that arrived before it are replayed when it arrives.
 */
@ApplicationScoped
public class JobSetupHandler {

    private static final Logger LOG = Logger.getLogger(JobSetupHandler.class);

    private final JobStore store;
    private final ChangeWriter writer;
    private final AnswersHandler answers;
    private final JsonColumns json;
    private final EventJson events;

    public JobSetupHandler(JobStore store, ChangeWriter writer, AnswersHandler answers, JsonColumns json,
                           EventJson events) {
        this.store = store;
        this.writer = writer;
        this.answers = answers;
        this.json = json;
        this.events = events;
    }

    public Uni<Void> jobSubmitted(JobSubmitted event) {
        return store.lockJobId(event.jobId()).chain(() -> QaJob.<QaJob>findById(event.jobId())).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            JobPolicy policy;
            try {
                policy = JobPolicy.setUp(event);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().failure(e);
            }
            QaJob job = new QaJob();
            job.id = event.jobId();
            job.requesterId = event.requesterId();
            job.title = event.title() == null ? "" : event.title();
            job.labels = json.write(policy.labels());
            job.minJudgments = policy.minJudgments();
            job.maxJudgments = policy.maxJudgments();
            job.targetConfidence = policy.targetConfidence();
            job.status = QaJob.Status.ACTIVE;
            return job.persist().chain(() -> Panache.getSession()).chain(s -> s.flush())
                    .chain(() -> replayParked(job.id));
        });
    }

    public Uni<Void> goldRegistered(GoldRegistered event) {
        List<UUID> ids = event.items().stream().map(GoldRegistered.GoldItem::itemId).toList();
        return store.withJob(event.jobId(), List.of(event), job -> GoldLabel.<GoldLabel>list("itemId in ?1", ids)
                .chain(existing -> {
                    List<GoldRegistered.GoldItem> ignored = new ArrayList<>();
                    Map<UUID, String> fresh = Intake.freshGold(json.strings(job.labels), event.items(),
                            existing.stream().map(g -> g.itemId).toList(), ignored);
                    ignored.forEach(item -> LOG.warnf("gold item %s of job %s has label %s outside the label set: ignored",
                            item.itemId(), job.id, item.label()));
                    List<GoldLabel> rows = new ArrayList<>();
                    fresh.forEach((item, label) -> {
                        GoldLabel gold = new GoldLabel();
                        gold.itemId = item;
                        gold.jobId = job.id;
                        gold.label = label;
                        rows.add(gold);
                    });
                    return Panache.getSession().chain(s -> s.persistAll(rows.toArray()).chain(s::flush))
                            .chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem() : judgeEarlyAnswers(job, fresh));
                }));
    }

    /** Answers that reached items before their gold labels did are judged against them now. */
    private Uni<Void> judgeEarlyAnswers(QaJob job, Map<UUID, String> fresh) {
        return store.loadItems(job, fresh.keySet(), List.of()).chain(ctx -> {
            var change = ctx.model().goldArrived(fresh);
            if (!change.updated().isEmpty()) {
                LOG.infof("job %s: %d answers arrived before their items' gold labels; judged against gold now",
                        job.id, change.updated().size());
            }
            return writer.save(ctx, change);
        });
    }

    public Uni<Void> jobCancelled(JobCancelled event) {
        return store.withJob(event.jobId(), List.of(event), job -> {
            job.status = QaJob.Status.CANCELLED;
            return Uni.createFrom().voidItem();
        });
    }

    /** Applies, in a safe order (gold, answers, cancellation), the job's events that arrived before it. */
    private Uni<Void> replayParked(UUID jobId) {
        return ParkedEvent.<ParkedEvent>list("jobId = ?1 order by seq", jobId).chain(parked -> {
            if (parked.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<CrowdEvent> decoded = new ArrayList<>();
            for (ParkedEvent p : parked) {
                try {
                    decoded.add(events.read(p.payload, Topics.eventTypeOf(p.topic)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("parked event " + p.eventId + " cannot be decoded", e);
                }
            }
            decoded.sort(Comparator.comparingInt(JobSetupHandler::replayOrder));
            LOG.infof("job %s arrived: replaying %d events that came before it", jobId, decoded.size());
            return Sequential.each(decoded, this::applyParked)
                    .chain(() -> ParkedEvent.delete("jobId", jobId)).replaceWithVoid();
        });
    }

    /** Gold first, then answers (judged against it), then a cancellation. */
    private static int replayOrder(CrowdEvent event) {
        if (event instanceof GoldRegistered) {
            return 0;
        }
        return event instanceof AssignmentSubmitted ? 1 : 2;
    }

    private Uni<Void> applyParked(CrowdEvent event) {
        if (event instanceof GoldRegistered gold) {
            return goldRegistered(gold);
        }
        if (event instanceof AssignmentSubmitted submitted) {
            return answers.assignmentSubmitted(submitted);
        }
        if (event instanceof JobCancelled cancelled) {
            return jobCancelled(cancelled);
        }
        return Uni.createFrom().voidItem(); // only the three above are ever parked
    }
}
