package dev.crowd.answers;

import java.util.List;

/**
 * What a job's answers must look like and how they are judged; stored with the job and carried in
 * {@code JobSubmitted}. Thresholds are scores in [0, 1] from {@link AnswerScores}; a null threshold on
 * input means the type's documented default ({@link #of}).
 *
 * @param labels             the label keys (single and multi-label), entity types (spans) or box classes
 * @param goldPassThreshold  an answer to a gold item passes when its score against the gold answer reaches this
 * @param agreementThreshold a reviewed answer is accepted when its score against the consensus reaches this
 * @param iouThreshold       boxes only: the overlap (intersection over union) at which two boxes match
 */
public record AnswerConfig(AnswerType type, List<String> labels, double goldPassThreshold,
                           double agreementThreshold, double iouThreshold) {

    public AnswerConfig {
        labels = List.copyOf(labels);
    }

    /** A configuration with the type's defaults wherever a threshold is null. */
    public static AnswerConfig of(AnswerType type, List<String> labels, Double goldPass, Double agreement, Double iou) {
        Defaults d = defaults(type);
        return new AnswerConfig(type, labels, goldPass != null ? goldPass : d.goldPass(),
                agreement != null ? agreement : d.agreement(), iou != null ? iou : d.iou());
    }

    /** Single-label with its defaults: the configuration of every job before answer types existed. */
    public static AnswerConfig singleLabel(List<String> labels) {
        return of(AnswerType.SINGLE_LABEL, labels, null, null, null);
    }

    /** The documented defaults (docs/answers.md). */
    public record Defaults(double goldPass, double agreement, double iou) {
    }

    public static Defaults defaults(AnswerType type) {
        return switch (type) {
            // the label must be the gold label / the consensus label
            case SINGLE_LABEL -> new Defaults(1.0, 1.0, 0.5);
            // Jaccard: e.g. {a,b} against {a} or against {a,b,c} is 0.5 and passes; {a} against {b} fails
            case MULTI_LABEL -> new Defaults(0.5, 0.5, 0.5);
            // F1 of exact (start, end, label) matches: at least half the entities right
            case SPANS -> new Defaults(0.5, 0.5, 0.5);
            // F1 of boxes matched at IoU >= 0.5 (the PASCAL VOC criterion)
            case BOXES -> new Defaults(0.5, 0.5, 0.5);
            // 1 - word error rate: at most one word in five wrong
            case TRANSCRIPTION -> new Defaults(0.8, 0.8, 0.5);
        };
    }
}
