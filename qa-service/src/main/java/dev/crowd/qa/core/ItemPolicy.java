package dev.crowd.qa.core;

/**
 * The overlap policy's decision for one open item, from its counting judgments and posterior:
 * <ul>
 *   <li>resolve when at least the minimum counts and the target confidence is reached;</li>
 *   <li>resolve (flagged low-confidence by the caller) at the maximum, or when every slot the item can
 *       ever get is filled: task-service grants at most {@code max} slots per item, so when a sanctioned
 *       annotator's answers stopped counting the item resolves with fewer judgments rather than wait
 *       forever;</li>
 *   <li>otherwise ask for one more judgment when every slot asked for so far is filled.</li>
 * </ul>
 */
public final class ItemPolicy {

    public enum Action { WAIT, REQUEST_ONE_MORE, RESOLVE }

    /**
     * @param counting  judgments that count (not from sanctioned annotators)
     * @param received  every judgment received, counting or not
     * @param slots     judgments asked for so far (the minimum plus each request)
     * @param mayAsk    false for a cancelled job: no more work is asked for, nothing resolves early
     */
    public static Action decide(int min, int max, double target, int counting, int received, int slots,
                                double confidence, boolean mayAsk) {
        if (counting >= min && counting > 0 && confidence >= target) {
            return Action.RESOLVE;
        }
        if (counting >= max) {
            return Action.RESOLVE;
        }
        if (!mayAsk || received < slots) {
            return Action.WAIT;
        }
        return slots < max ? Action.REQUEST_ONE_MORE : Action.RESOLVE;
    }

    private ItemPolicy() {
    }
}
