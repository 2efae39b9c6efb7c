package dev.crowd.qa.core;

import dev.crowd.consensus.AnswerSet;
import dev.crowd.consensus.ConsensusResult;
import dev.crowd.consensus.DawidSkene;
import dev.crowd.consensus.Shrinkage;
import dev.crowd.contracts.quality.AnswersReviewed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The quality rules of one job, without I/O: given the job's policy, the judgments of the items in
 * question (in the order they were recorded), those items' states, the annotators' records and gold,
 * each decision (new answers, a sanction, gold arriving, a full re-estimation) returns a {@link Change}
 * and keeps the model's own view up to date, so decisions can follow each other on one model.
 *
 * <p>Order within a decision: answers are recorded and gold checked first, the annotators' records
 * updated (so this decision's gold informs its own consensus), then every touched item is evaluated
 * once ({@link ItemEvaluation}: resolve, ask for one more, or wait; reviews on resolution), and the
 * records updated again with the reviews.
 *
 * <p>Gold stays secret: a gold answer is judged at once (its verdict informs the annotator's accuracy
 * and the consensus of the same decision) but its verdict is held, and published only once no answer
 * of the same assignment (micro-job) is left to review, i.e. together with the last consensus verdict
 * of that micro-job. The order and timing of verdicts therefore do not mark an item as gold.
 */
public final class JobQualityModel {

    /** The method named in ItemResolved: Dawid-Skene's E-step for the item over the job's current estimates. */
    public static final String METHOD = "dawid-skene-online";
    public static final String METHOD_VERSION = "1";

    private final Rules rules;
    private JobPolicy job;
    private final Map<UUID, String> gold;
    private final Map<UUID, ItemRow> items;
    private final Map<UUID, AnswerRow> answers = new HashMap<>();
    private final Map<UUID, List<UUID>> answersOfItem = new HashMap<>();
    /** Judgments of the same assignments on other items: only for publishing held gold verdicts. */
    private final Map<UUID, AnswerRow> context = new HashMap<>();
    private final Map<String, AnnotatorRecord> records;
    private final Supplier<UUID> ids;
    private Decision decision;

    /**
     * @param gold      the gold label of every gold item among the items in question
     * @param items     the states of the items in question that have one
     * @param judgments every judgment of the items in question, in the order they were recorded
     * @param records   the job's records of every annotator who answered them (absent: none yet)
     * @param ids       new judgment ids
     */
    public JobQualityModel(Rules rules, JobPolicy job, Map<UUID, String> gold, Collection<ItemRow> items,
                           List<AnswerRow> judgments, Collection<AnnotatorRecord> records, Supplier<UUID> ids) {
        this(rules, job, gold, items, judgments, List.of(), records, ids);
    }

    /**
     * @param sameAssignments the other judgments of the assignments those judgments belong to: a held
     *                        gold verdict is published once its assignment has no answer left to review
     */
    public JobQualityModel(Rules rules, JobPolicy job, Map<UUID, String> gold, Collection<ItemRow> items,
                           List<AnswerRow> judgments, List<AnswerRow> sameAssignments,
                           Collection<AnnotatorRecord> records, Supplier<UUID> ids) {
        this.rules = rules;
        this.job = job;
        this.gold = new HashMap<>(gold);
        this.items = new HashMap<>();
        items.forEach(i -> this.items.put(i.itemId(), i));
        judgments.forEach(this::add);
        sameAssignments.stream().filter(a -> !answers.containsKey(a.id())).forEach(a -> context.put(a.id(), a));
        this.records = new HashMap<>();
        records.forEach(r -> this.records.put(r.workerId(), r));
        this.ids = ids;
    }

    // ---------------------------------------------------------------- decisions

    /**
     * New answers (see {@link Intake#fresh}): an answer outside the label set is rejected, an answer on
     * a gold item is checked at once, any other joins its item's consensus, not counting when its
     * annotator is sanctioned for the job.
     */
    public Change answered(List<Intake.NewAnswer> fresh, Set<String> sanctioned) {
        Decision d = begin();
        List<UUID> consensusItems = new ArrayList<>();
        List<AnswerRow> recorded = new ArrayList<>();
        for (Intake.NewAnswer answer : fresh) {
            String goldLabel = gold.get(answer.itemId());
            AnswerRow row = new AnswerRow(ids.get(), answer.itemId(), answer.assignmentId(), answer.workerId(),
                    answer.label(), answer.timeSpentMillis(), goldLabel != null, false, null, false);
            d.touch(row.workerId());
            if (!job.labels().contains(row.label())) {
                row = d.review(row, false, "label not in the job's label set: " + row.label());
            } else if (goldLabel != null) {
                row = d.hold(row, checkGold(d, row, goldLabel), goldReason(row, goldLabel));
            } else {
                row = row.withExcluded(sanctioned.contains(row.workerId()));
                consensusItems.add(row.itemId());
            }
            recorded.add(row);
        }
        // Judgments of one decision share a recording time; the store orders them by id after it.
        recorded.sort(Comparator.comparing(AnswerRow::id, JobQualityModel::compareUnsigned));
        recorded.forEach(row -> {
            add(row);
            d.change.inserted.put(row.id(), row);
        });
        d.change.newJudgments = true;
        updateRecords(d);
        evaluate(d, consensusItems, true);
        return finish(d);
    }

    /**
     * The annotator was sanctioned for this job: their unreviewed answers on items still in consensus
     * stop counting, and those items are evaluated again (which may resolve them or ask for more).
     */
    public Change sanctioned(String workerId) {
        Decision d = begin();
        List<UUID> affected = new ArrayList<>();
        for (AnswerRow row : List.copyOf(answers.values())) {
            if (row.workerId().equals(workerId) && !row.excluded() && !row.gold() && row.review() == null) {
                d.update(row.withExcluded(true));
                affected.add(row.itemId());
            }
        }
        if (affected.isEmpty()) {
            return d.change;
        }
        d.change.newJudgments = true;
        d.touch(workerId);
        evaluate(d, affected, false);
        return finish(d);
    }

    /**
     * Gold labels arrived for items that may already have answers (crowd.jobs and crowd.work are not
     * ordered with each other): those answers are judged against the gold now, as they would have been
     * on arrival, and the items leave consensus. An answer that consensus already reviewed keeps its
     * verdict (it may have been paid).
     */
    public Change goldArrived(Map<UUID, String> freshGold) {
        Decision d = begin();
        gold.putAll(freshGold);
        List<AnswerRow> early = answers.values().stream()
                .filter(a -> !a.gold() && freshGold.containsKey(a.itemId()))
                .sorted(Comparator.comparing(AnswerRow::id, JobQualityModel::compareUnsigned)).toList();
        if (early.isEmpty()) {
            return d.change;
        }
        for (AnswerRow row : early) {
            AnswerRow asGold = d.update(answers.get(row.id()).asGold());
            if (asGold.review() == null) {
                String goldLabel = freshGold.get(row.itemId());
                d.touch(row.workerId());
                d.hold(asGold, checkGold(d, asGold, goldLabel), goldReason(asGold, goldLabel));
            }
        }
        for (UUID item : freshGold.keySet()) {
            ItemRow state = items.get(item);
            if (state != null && !state.resolved()) {
                items.remove(item);
                d.change.openItemsLeavingConsensus.add(item);
            }
        }
        d.change.newJudgments = true;
        return finish(d);
    }

    /**
     * Full re-estimation: Dawid-Skene over all the job's counting judgments with gold clamped (the model
     * must hold every judgment, gold label and record of the job), every annotator's confusion matrix
     * and accuracy and the class priors stored (shrunk, see {@link Shrinkage}) and announced, then the
     * open items evaluated with them.
     */
    public Change reestimated() {
        Decision d = begin();
        List<String> labels = job.labels();
        AnswerSet.Builder builder = AnswerSet.builder(labels);
        for (AnswerRow row : answers.values()) {
            if (!row.excluded() && labels.contains(row.label())) {
                builder.answer(row.itemId().toString(), row.workerId(), row.label());
            }
        }
        gold.forEach((item, label) -> builder.gold(item.toString(), label));
        AnswerSet data = builder.build();
        ConsensusResult result = new DawidSkene(rules.smoothing(), 1.0, 100, 1e-6).aggregate(data);
        for (int w = 0; w < data.workerCount(); w++) {
            String worker = data.workerId(w);
            AnnotatorRecord record = records.get(worker);
            if (record == null) {
                record = AnnotatorRecord.fresh(worker, rules.defaultAccuracy());
                d.change.createdRecords.add(worker);
            }
            double accuracy = result.worker(w).accuracy();
            // Trusted online only as far as the answers behind it go (see Shrinkage).
            records.put(worker, record.estimated(accuracy, Shrinkage.confusion(result.worker(w).confusion(), accuracy,
                    result.worker(w).answers(), result.classPriors(), rules.confusionPriorStrength())));
            d.change.records.put(worker, records.get(worker));
            d.touch(worker); // every annotator's new estimate is announced
        }
        double[] priors = Shrinkage.priors(result.classPriors(), data.itemCount(), rules.confusionPriorStrength());
        job = job.withPriors(priors);
        d.change.estimatedPriors = priors;
        List<UUID> open = items.values().stream().filter(i -> !i.resolved()).map(ItemRow::itemId).toList();
        evaluate(d, open, false);
        return finish(d);
    }

    // ---------------------------------------------------------------- the model's view

    public JobPolicy job() {
        return job;
    }

    public ItemRow item(UUID itemId) {
        return items.get(itemId);
    }

    public AnswerRow answer(UUID judgmentId) {
        return answers.get(judgmentId);
    }

    public AnnotatorRecord record(String workerId) {
        return records.get(workerId);
    }

    // ---------------------------------------------------------------- steps

    private Decision begin() {
        decision = new Decision();
        return decision;
    }

    private void add(AnswerRow row) {
        answers.put(row.id(), row);
        answersOfItem.computeIfAbsent(row.itemId(), i -> new ArrayList<>()).add(row.id());
    }

    /** A gold answer counts in the annotator's gold record; true when correct. */
    private static boolean checkGold(Decision d, AnswerRow row, String goldLabel) {
        boolean correct = goldLabel.equals(row.label());
        long[] stats = d.stats(row.workerId());
        stats[1]++;
        if (correct) {
            stats[0]++;
        }
        return correct;
    }

    private static String goldReason(AnswerRow row, String goldLabel) {
        return goldLabel.equals(row.label()) ? null : "gold: expected " + goldLabel + ", answered " + row.label();
    }

    /** Evaluates each item once, in id order; a missing state is created (answers) or skipped. */
    private void evaluate(Decision d, List<UUID> itemIds, boolean createMissing) {
        ItemEvaluation evaluation = new ItemEvaluation(job, rules, records, d);
        for (UUID id : new TreeSet<>(itemIds)) {
            ItemRow state = items.get(id);
            if (state == null) {
                if (!createMissing) {
                    continue;
                }
                state = ItemRow.open(id, job.minJudgments());
                d.change.createdItems.add(id);
            }
            List<AnswerRow> itemAnswers = answersOfItem.getOrDefault(id, List.of()).stream().map(answers::get).toList();
            ItemRow after = evaluation.apply(state, itemAnswers);
            if (after != null) {
                items.put(id, after);
                d.change.items.put(id, after);
            }
        }
    }

    /**
     * Adds the counted reviews to the touched annotators' records (created on first sight). Runs before
     * the items are evaluated and after; the second run only adds what the evaluation counted.
     */
    private void updateRecords(Decision d) {
        for (String worker : d.change.touched) {
            long[] delta = d.stats.get(worker);
            AnnotatorRecord record = records.get(worker);
            if (record == null) {
                record = AnnotatorRecord.fresh(worker, rules.defaultAccuracy());
                d.change.createdRecords.add(worker);
            } else if (delta == null && d.change.records.containsKey(worker)) {
                continue; // nothing new since this decision last updated it
            }
            records.put(worker, record.plus(delta, rules));
            d.change.records.put(worker, records.get(worker));
        }
        d.stats.clear();
    }

    private Change finish(Decision d) {
        release(d);
        if (!d.change.announcesNothing()) {
            updateRecords(d);
        }
        decision = null;
        return d.change;
    }

    /** Publishes the held gold verdicts of every assignment that has no answer left to review. */
    private void release(Decision d) {
        Map<UUID, List<AnswerRow>> byAssignment = new java.util.TreeMap<>();
        for (Map<UUID, AnswerRow> rows : List.of(answers, context)) {
            rows.values().forEach(a -> byAssignment.computeIfAbsent(a.assignmentId(), x -> new ArrayList<>()).add(a));
        }
        byAssignment.forEach((assignment, rows) -> {
            if (rows.stream().noneMatch(AnswerRow::held) || rows.stream().anyMatch(a -> a.review() == null)) {
                return;
            }
            rows.stream().filter(AnswerRow::held)
                    .sorted(Comparator.comparing(AnswerRow::id, JobQualityModel::compareUnsigned))
                    .forEach(a -> {
                        d.update(a.released());
                        d.change.verdicts.add(new AnswersReviewed.Verdict(a.assignmentId(), a.itemId(), a.workerId(),
                                a.review().accepted(), a.review().reason()));
                    });
        });
    }

    /** PostgreSQL's order of uuids (unsigned, byte by byte), which is the order judgments are read in. */
    static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** The bookkeeping of one decision. */
    final class Decision {
        final Change change = new Change();
        /** Per annotator, not yet in their record: gold correct, gold total, agreed, reviewed. */
        final Map<String, long[]> stats = new LinkedHashMap<>();

        void touch(String worker) {
            change.touched.add(worker);
        }

        long[] stats(String worker) {
            return stats.computeIfAbsent(worker, w -> new long[4]);
        }

        AnswerRow update(AnswerRow row) {
            (context.containsKey(row.id()) ? context : answers).put(row.id(), row);
            (change.inserted.containsKey(row.id()) ? change.inserted : change.updated).put(row.id(), row);
            return row;
        }

        /** Reviews the answer and publishes the verdict. */
        AnswerRow review(AnswerRow row, boolean accepted, String reason) {
            change.verdicts.add(new AnswersReviewed.Verdict(row.assignmentId(), row.itemId(), row.workerId(),
                    accepted, reason));
            return record(row.reviewed(accepted, reason, false));
        }

        /** Reviews a gold answer; the verdict is published later (see {@link #release}). */
        AnswerRow hold(AnswerRow row, boolean accepted, String reason) {
            return record(row.reviewed(accepted, reason, true));
        }

        private AnswerRow record(AnswerRow reviewed) {
            return answers.containsKey(reviewed.id()) ? update(reviewed) : reviewed;
        }
    }
}
