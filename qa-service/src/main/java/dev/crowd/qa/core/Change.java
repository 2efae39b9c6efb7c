package dev.crowd.qa.core;

import dev.crowd.contracts.quality.AnswersReviewed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What one decision of {@link JobQualityModel} changed, for the store to save and publish in the same
 * transaction: new and changed judgments, item states, annotator records, the job's estimate, and the
 * events (resolutions, verdicts in the order given, requests for one more judgment, and the annotators
 * whose record is announced).
 */
public final class Change {

    /** An item the overlap policy resolved: announced as ItemResolved. */
    public record Resolution(UUID itemId, String label, double confidence, double agreement, int judgments,
                             boolean lowConfidence) {
    }

    final Map<UUID, AnswerRow> inserted = new LinkedHashMap<>();
    final Map<UUID, AnswerRow> updated = new LinkedHashMap<>();
    final Map<UUID, ItemRow> items = new LinkedHashMap<>();
    final Set<UUID> createdItems = new LinkedHashSet<>();
    final Set<UUID> openItemsLeavingConsensus = new LinkedHashSet<>();
    final Map<String, AnnotatorRecord> records = new TreeMap<>();
    final Set<String> createdRecords = new TreeSet<>();
    final Set<String> touched = new TreeSet<>();
    final List<Resolution> resolutions = new ArrayList<>();
    final List<AnswersReviewed.Verdict> verdicts = new ArrayList<>();
    final Set<UUID> requested = new LinkedHashSet<>();
    boolean newJudgments;
    double[] estimatedPriors;

    /** Judgments recorded by this change, reviewed or not. */
    public List<AnswerRow> inserted() {
        return List.copyOf(inserted.values());
    }

    /** Judgments recorded before whose review, exclusion or gold flag changed, by id. */
    public Map<UUID, AnswerRow> updated() {
        return Collections.unmodifiableMap(updated);
    }

    /** Item states evaluated by this change (created or changed), by item. */
    public Map<UUID, ItemRow> items() {
        return Collections.unmodifiableMap(items);
    }

    public boolean isCreated(UUID itemId) {
        return createdItems.contains(itemId);
    }

    /** Open items whose gold label arrived: their state is deleted, they leave consensus. */
    public Set<UUID> openItemsLeavingConsensus() {
        return Collections.unmodifiableSet(openItemsLeavingConsensus);
    }

    /** The records of annotators this change updated (created or changed), by annotator. */
    public Map<String, AnnotatorRecord> records() {
        return Collections.unmodifiableMap(records);
    }

    public boolean isCreatedRecord(String workerId) {
        return createdRecords.contains(workerId);
    }

    /** Annotators whose record is announced (WorkerScored), in order. */
    public Set<String> scored() {
        return Collections.unmodifiableSet(touched);
    }

    public List<Resolution> resolutions() {
        return Collections.unmodifiableList(resolutions);
    }

    public List<AnswersReviewed.Verdict> verdicts() {
        return Collections.unmodifiableList(verdicts);
    }

    /** Items needing one more judgment each, in order, once. */
    public List<UUID> requested() {
        return List.copyOf(requested);
    }

    /** The job has judgments newer than its last full estimation. */
    public boolean newJudgments() {
        return newJudgments;
    }

    /** The class priors of a full estimation made by this change, else null. */
    public double[] estimatedPriors() {
        return estimatedPriors;
    }

    /** Nothing to announce: no review, resolution, request or record. */
    public boolean announcesNothing() {
        return touched.isEmpty() && resolutions.isEmpty() && requested.isEmpty();
    }
}
