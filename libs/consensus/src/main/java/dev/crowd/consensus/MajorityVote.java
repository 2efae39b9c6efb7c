package dev.crowd.consensus;

/**
 * Majority vote. An item's confidence is the share of its answers that chose the winning class.
 * Tie rule: among classes with the same number of votes, the one listed first in the label set wins.
 * Gold items take their gold label. A worker's accuracy is their agreement with the majority.
 */
public final class MajorityVote implements Aggregator {

    public static final String NAME = "majority-vote";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConsensusResult aggregate(AnswerSet data) {
        return WeightedVote.vote(NAME, version(), data, null);
    }
}
