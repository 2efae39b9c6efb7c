package dev.crowd.answers;

import dev.crowd.answers.Answer.Box;
import dev.crowd.answers.Answer.Span;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How close an answer is to a reference (a gold answer, or an item's consensus), as a score in [0, 1]:
 * <ul>
 *   <li>single label: 1 when the labels are equal, else 0;</li>
 *   <li>multi-label: Jaccard of the label sets;</li>
 *   <li>spans: F1 of exact (start, end, label) matches;</li>
 *   <li>boxes: F1 of boxes matched greedily by IoU (same class, IoU at least the job's threshold);</li>
 *   <li>transcription: 1 - word error rate, at least 0.</li>
 * </ul>
 * Where both sides are empty (no labels, no spans, no boxes, no words) the score is 1: 0/0 counts as agreement.
 */
public final class AnswerScores {

    private AnswerScores() {
    }

    public static double score(Answer answer, Answer reference, AnswerConfig config) {
        if (answer.type() != reference.type()) {
            return 0;
        }
        return switch (answer) {
            case Answer.SingleLabel a -> a.label().equals(((Answer.SingleLabel) reference).label()) ? 1 : 0;
            case Answer.MultiLabel a -> jaccard(a.labels(), ((Answer.MultiLabel) reference).labels());
            case Answer.Spans a -> spanF1(a.spans(), ((Answer.Spans) reference).spans());
            case Answer.Boxes a -> boxF1(a.boxes(), ((Answer.Boxes) reference).boxes(), config.iouThreshold());
            case Answer.Transcription a -> Math.max(0, 1 - wordErrorRate(a.text(), ((Answer.Transcription) reference).text()));
        };
    }

    public static boolean passes(Answer answer, Answer reference, double threshold, AnswerConfig config) {
        // a tiny tolerance so that 0.5 computed as 1/2 passes a 0.5 threshold whatever the rounding
        return score(answer, reference, config) >= threshold - 1e-9;
    }

    public static double jaccard(List<String> a, List<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 1;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(new HashSet<>(b));
        return (double) both.size() / union.size();
    }

    public static double spanF1(List<Span> a, List<Span> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<Span> both = new HashSet<>(a);
        both.retainAll(new HashSet<>(b));
        return 2.0 * both.size() / (a.size() + b.size());
    }

    public static double iou(Box a, Box b) {
        double ix = Math.max(0, Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y()));
        double inter = ix * iy;
        double union = a.w() * a.h() + b.w() * b.h() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Matched pairs (index into {@code predicted}, index into {@code truth}, IoU), greedily by IoU descending. */
    public record BoxMatch(int predicted, int truth, double iou) {
    }

    public static List<BoxMatch> matchBoxes(List<Box> predicted, List<Box> truth, double threshold) {
        List<BoxMatch> candidates = new ArrayList<>();
        for (int p = 0; p < predicted.size(); p++) {
            for (int t = 0; t < truth.size(); t++) {
                if (predicted.get(p).label().equals(truth.get(t).label())) {
                    double iou = iou(predicted.get(p), truth.get(t));
                    if (iou >= threshold) {
                        candidates.add(new BoxMatch(p, t, iou));
                    }
                }
            }
        }
        candidates.sort((x, y) -> Double.compare(y.iou(), x.iou()));
        boolean[] usedP = new boolean[predicted.size()];
        boolean[] usedT = new boolean[truth.size()];
        List<BoxMatch> matches = new ArrayList<>();
        for (BoxMatch m : candidates) {
            if (!usedP[m.predicted()] && !usedT[m.truth()]) {
                usedP[m.predicted()] = true;
                usedT[m.truth()] = true;
                matches.add(m);
            }
        }
        return matches;
    }

    public static double boxF1(List<Box> a, List<Box> b, double iouThreshold) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        return 2.0 * matchBoxes(a, b, iouThreshold).size() / (a.size() + b.size());
    }

    /** Word-level edit distance over the reference's word count (case-sensitive, split on whitespace). */
    public static double wordErrorRate(String hypothesis, String reference) {
        String[] h = words(hypothesis);
        String[] r = words(reference);
        if (r.length == 0) {
            return h.length == 0 ? 0 : 1;
        }
        int[] prev = new int[h.length + 1];
        int[] cur = new int[h.length + 1];
        for (int j = 0; j <= h.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= h.length; j++) {
                int substitute = prev[j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return (double) prev[h.length] / r.length;
    }

    static String[] words(String text) {
        String t = text.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }
}
