package dev.crowd.qa.core;

import dev.crowd.consensus.OnlinePosterior;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One item's consensus and the overlap policy: the posterior of Dawid-Skene's E-step over the item's
 * counting judgments with each annotator's current matrix, then resolve, ask for one more, or wait
 * ({@link ItemPolicy}); on resolution every unreviewed judgment of the item is reviewed. A resolved
 * item never changes again: its late answers are only reviewed against it.
 */
final class ItemEvaluation {

    private final JobPolicy job;
    private final Rules rules;
    private final Map<String, AnnotatorRecord> records;
    private final JobQualityModel.Decision d;

    ItemEvaluation(JobPolicy job, Rules rules, Map<String, AnnotatorRecord> records, JobQualityModel.Decision d) {
        this.job = job;
        this.rules = rules;
        this.records = records;
        this.d = d;
    }

    /** @return the item's new state, or null when it was resolved before (it does not change) */
    ItemRow apply(ItemRow state, List<AnswerRow> judgments) {
        if (state.resolved()) {
            for (AnswerRow j : judgments) {
                if (j.review() == null) {
                    review(j, state, judgments);
                }
            }
            return null;
        }
        List<String> labels = job.labels();
        int k = labels.size();
        List<AnswerRow> counting = judgments.stream()
                .filter(j -> !j.excluded() && j.review() == null && labels.contains(j.label())).toList();
        int[] answers = new int[counting.size()];
        double[][][] confusions = new double[counting.size()][][];
        for (int a = 0; a < answers.length; a++) {
            AnswerRow j = counting.get(a);
            answers[a] = labels.indexOf(j.label());
            confusions[a] = confusionOf(records.get(j.workerId()), k);
        }
        double[] posterior = OnlinePosterior.posterior(job.priorsOrUniform(), answers, confusions);
        int best = OnlinePosterior.argmax(posterior);
        String label = labels.get(best);
        double confidence = posterior[best];
        double agreement = counting.isEmpty() ? 0.0
                : (double) counting.stream().filter(j -> j.label().equals(label)).count() / counting.size();
        ItemPolicy.Action action = ItemPolicy.decide(job.minJudgments(), job.maxJudgments(), job.targetConfidence(),
                counting.size(), judgments.size(), state.slots(), confidence, job.active());
        return switch (action) {
            case RESOLVE -> {
                boolean low = confidence < job.targetConfidence();
                ItemRow resolved = new ItemRow(state.itemId(), true, state.slots(), label, confidence, agreement,
                        counting.size(), posterior, low);
                d.change.resolutions.add(new Change.Resolution(state.itemId(), label, confidence, agreement,
                        counting.size(), low));
                for (AnswerRow j : judgments) {
                    if (j.review() == null) {
                        review(j, resolved, judgments);
                    }
                }
                yield resolved;
            }
            case REQUEST_ONE_MORE -> {
                d.change.requested.add(state.itemId());
                yield new ItemRow(state.itemId(), false, state.slots() + 1, label, confidence, agreement,
                        counting.size(), posterior, state.lowConfidence());
            }
            case WAIT -> new ItemRow(state.itemId(), false, state.slots(), label, confidence, agreement,
                    counting.size(), posterior, state.lowConfidence());
        };
    }

    /**
     * The verdict on an answer to a resolved item. Agreement is evidence only where another annotator
     * answered the item too: a lone answer has no consensus to disagree with (the resolved label is then
     * the model's guess from the priors and this annotator's record), so it is accepted and left out of
     * the agreement statistics. An answer is rejected only when it differs from the resolved label and
     * another annotator gave that label. Without this rule, jobs with one judgment per item rejected a
     * third of the answers of reliable annotators, and each rejection lowered the annotator's accuracy and
     * made the next one likelier.
     */
    private void review(AnswerRow j, ItemRow state, List<AnswerRow> itemJudgments) {
        d.touch(j.workerId());
        if (j.excluded()) {
            d.review(j, false, "excluded: annotator sanctioned before the item was resolved");
            return;
        }
        List<AnswerRow> peers = itemJudgments.stream()
                .filter(o -> !o.id().equals(j.id()) && !o.excluded() && !o.workerId().equals(j.workerId())).toList();
        boolean agrees = j.label().equals(state.label());
        if (peers.isEmpty()) {
            d.review(j, true, null);
            return;
        }
        long[] stats = d.stats(j.workerId());
        stats[3]++;
        if (agrees) {
            stats[2]++;
        }
        boolean consensusBackedByPeer = peers.stream().anyMatch(o -> state.label().equals(o.label()));
        boolean accepted = agrees || !consensusBackedByPeer;
        d.review(j, accepted, accepted ? null : String.format(Locale.ROOT,
                "consensus: %s (confidence %.2f), answered %s", state.label(), state.confidence(), j.label()));
    }

    /** The annotator's confusion matrix: the last full estimation's, else one-coin from gold and the prior. */
    private double[][] confusionOf(AnnotatorRecord record, int k) {
        if (record != null && record.confusion() != null && record.confusion().length == k) {
            return record.confusion();
        }
        double accuracy = record == null ? rules.defaultAccuracy() : record.accuracy();
        return OnlinePosterior.oneCoin(k, accuracy);
    }
}
