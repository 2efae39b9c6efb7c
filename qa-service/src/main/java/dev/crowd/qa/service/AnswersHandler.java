package dev.crowd.qa.service;

import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.qa.Judgment;
import dev.crowd.qa.QaJob;
import dev.crowd.qa.WorkerStanding;
import dev.crowd.qa.core.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * crowd.work's AssignmentSubmitted: judges a poll's submissions job by job, each job in one pass:
 * locked once, its judgments recorded and gold checked for all the submissions together, its
 * annotators' records updated, then the consensus of every item they answered evaluated once, and what
 * changed published once. Jobs go in the order of their ids, so two transactions never lock two jobs
 * in opposite orders. The result is what the submissions one by one would give, except that answers of
 * several annotators to one item are weighed together. Submissions about a job not known yet are
 * parked, each.
 */
@ApplicationScoped
public class AnswersHandler {

    private final JobStore store;
    private final ChangeWriter writer;
    private final JsonColumns json;

    public AnswersHandler(JobStore store, ChangeWriter writer, JsonColumns json) {
        this.store = store;
        this.writer = writer;
        this.json = json;
    }

    /** One submission; see {@link #assignmentsSubmitted}. */
    public Uni<Void> assignmentSubmitted(AssignmentSubmitted event) {
        return assignmentsSubmitted(List.of(event));
    }

    public Uni<Void> assignmentsSubmitted(List<AssignmentSubmitted> submissions) {
        Map<UUID, List<AssignmentSubmitted>> byJob = new TreeMap<>();
        submissions.forEach(s -> byJob.computeIfAbsent(s.jobId(), id -> new ArrayList<>()).add(s));
        List<String> workers = submissions.stream().map(AssignmentSubmitted::workerId).distinct().sorted().toList();
        return Sequential.each(workers, worker -> store.lockWorker(worker, false))
                .chain(() -> Sequential.each(new ArrayList<>(byJob.entrySet()), entry ->
                        store.withJob(entry.getKey(), entry.getValue(), job -> submitted(job, entry.getValue()))));
    }

    private Uni<Void> submitted(QaJob job, List<AssignmentSubmitted> submissions) {
        List<UUID> assignments = submissions.stream().map(AssignmentSubmitted::assignmentId).distinct().toList();
        return Judgment.<Judgment>list("assignmentId in ?1", assignments).chain(existing -> {
            List<Intake.NewAnswer> fresh = Intake.fresh(submissions,
                    existing.stream().map(j -> List.of(j.assignmentId, j.itemId)).toList());
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<UUID> items = fresh.stream().map(Intake.NewAnswer::itemId).distinct().toList();
            List<String> workers = fresh.stream().map(Intake.NewAnswer::workerId).distinct().sorted().toList();
            return WorkerStanding.<WorkerStanding>list("workerId in ?1", workers)
                    .chain(standings -> store.loadItems(job, items, workers).chain(ctx -> {
                        Set<String> sanctioned = new HashSet<>();
                        standings.stream().filter(s -> Standings.of(s, json).sanctionedFor(job.id))
                                .forEach(s -> sanctioned.add(s.workerId));
                        return writer.save(ctx, ctx.model().answered(fresh, sanctioned));
                    }));
        });
    }
}
