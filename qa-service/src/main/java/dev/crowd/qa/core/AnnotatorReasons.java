package dev.crowd.qa.core;

/**
 * What an annotator is told about a verdict on their own answer. A gold item must not be told apart
 * from a regular one: an answer rejected against gold and one rejected against consensus read the
 * same, and neither names the expected label (that would give gold's answer key away, and a label only
 * on consensus rejections would mark the others as gold). Admins see the full reason.
 */
public final class AnnotatorReasons {

    /** Any answer rejected for differing from the item's accepted label, gold or consensus. */
    public static final String DIFFERS = "answer differs from the accepted label";
    /** An answer accepted on appeal. */
    public static final String UPHELD = "appeal upheld";

    /**
     * @param reason   the stored reason (gold, consensus, label set, exclusion, or an upheld appeal)
     * @param accepted the current verdict
     */
    public static String forAnnotator(String reason, boolean accepted) {
        if (reason == null) {
            return null;
        }
        if (accepted) {
            return UPHELD; // an accepted answer carries a reason only once an appeal upheld it
        }
        if (reason.startsWith("gold:") || reason.startsWith("consensus:")) {
            return DIFFERS;
        }
        return reason;
    }

    private AnnotatorReasons() {
    }
}
