package dev.crowd.qa.service;

/**
 * The overlap policy's decision for one open item, from its counting judgments and posterior:
 * resolve when at least the minimum is in and the target confidence is reached; resolve flagged
 * low-confidence at the maximum; ask for one more judgment when every slot asked for so far is filled.
 */
public final class ItemPolicy {

    public enum Action { WAIT, REQUEST_ONE_MORE, RESOLVE }

    /**
     * @param counting  judgments that count (not from sanctioned annotators)
     * @param received  every judgment received, counting or not
     * @param slots     judgments asked for so far
     * @param excluded  judgments that do not count (each may be replaced once, within the budget)
     * @param mayAsk    false for a cancelled job: no more work is asked for
     */
    public static Action decide(int min, int max, double target, int counting, int received, int slots, int excluded,
                                double confidence, boolean mayAsk) {
        if (counting >= min && counting > 0 && confidence >= target) {
            return Action.RESOLVE;
        }
        if (counting >= max) {
            return Action.RESOLVE;
        }
        if (mayAsk && received >= slots && slots < max + excluded) {
            return Action.REQUEST_ONE_MORE;
        }
        return Action.WAIT;
    }

    private ItemPolicy() {
    }
}
