package dev.crowd.qa.core;

import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.work.AssignmentSubmitted;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Which parts of an incoming event are new: the rules that run before anything else is loaded. */
public final class Intake {

    /** An answer of a submission not recorded before. */
    public record NewAnswer(UUID assignmentId, String workerId, UUID itemId, String label, long timeSpentMillis) {
    }

    /**
     * The answers not recorded yet. A redelivery (even under a new event id, even in the same poll)
     * reviews nothing twice: one judgment per (assignment, item).
     *
     * @param recorded (assignment, item) of the judgments already stored for these assignments
     */
    public static List<NewAnswer> fresh(List<AssignmentSubmitted> submissions, Collection<List<UUID>> recorded) {
        Set<List<UUID>> seen = new HashSet<>(recorded);
        List<NewAnswer> fresh = new ArrayList<>();
        for (AssignmentSubmitted submission : submissions) {
            for (AssignmentSubmitted.Answer answer : submission.answers()) {
                if (answer.itemId() != null && seen.add(List.of(submission.assignmentId(), answer.itemId()))) {
                    fresh.add(new NewAnswer(submission.assignmentId(), submission.workerId(), answer.itemId(),
                            answer.label() == null ? "" : answer.label(), Math.max(0, answer.timeSpentMillis())));
                }
            }
        }
        return fresh;
    }

    /**
     * The gold labels of a chunk to keep, by item: the first label given to an item not known as gold
     * yet; a label outside the job's set is ignored (reported in {@code ignored}).
     */
    public static Map<UUID, String> freshGold(List<String> labels, List<GoldRegistered.GoldItem> items,
                                              Collection<UUID> knownGold, List<GoldRegistered.GoldItem> ignored) {
        Set<UUID> known = new HashSet<>(knownGold);
        Map<UUID, String> fresh = new LinkedHashMap<>();
        for (GoldRegistered.GoldItem item : items) {
            if (!labels.contains(item.label())) {
                ignored.add(item);
            } else if (known.add(item.itemId())) {
                fresh.put(item.itemId(), item.label());
            }
        }
        return fresh;
    }

    private Intake() {
    }
}
