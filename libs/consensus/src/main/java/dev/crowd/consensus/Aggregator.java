package dev.crowd.consensus;

/** A truth-inference method: infers each item's class and each worker's quality from the answers. */
public interface Aggregator {

    /** Short stable name, e.g. {@code dawid-skene}. */
    String name();

    /** Bumped (overridden) whenever the method's results may change for the same input. */
    default String version() {
        return "1";
    }

    ConsensusResult aggregate(AnswerSet data);
}
