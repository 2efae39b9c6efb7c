package dev.crowd.consensus;

import java.util.Map;

/**
 * Vote weighted by worker trust: an item's posterior is each class's share of the total weight of
 * its answers. Same tie rule as {@link MajorityVote}. A worker with weight 0 does not count.
 *
 * <p>{@link #byAgreement()} derives the weights from the data instead (each worker's agreement with the
 * plain majority, one round: the "Wawa" method), for when no trust is known.
 */
public final class WeightedVote implements Aggregator {

    public static final String NAME = "weighted-vote";
    public static final String AGREEMENT_NAME = "agreement-weighted-vote";

    private final Map<String, Double> trust;
    private final double defaultTrust;

    /**
     * @param trust        weight per worker id (0 or more; any scale, e.g. trust 0..100)
     * @param defaultTrust weight of a worker missing from {@code trust}
     */
    public WeightedVote(Map<String, Double> trust, double defaultTrust) {
        this.trust = Map.copyOf(trust);
        this.defaultTrust = defaultTrust;
    }

    /** Weights from agreement with the majority vote. */
    public static Aggregator byAgreement() {
        return new Aggregator() {
            @Override
            public String name() {
                return AGREEMENT_NAME;
            }

            @Override
            public ConsensusResult aggregate(AnswerSet data) {
                ConsensusResult mv = new MajorityVote().aggregate(data);
                double[] weights = new double[data.workerCount()];
                for (int w = 0; w < weights.length; w++) {
                    weights[w] = mv.worker(w).accuracy();
                }
                return vote(AGREEMENT_NAME, version(), data, weights);
            }
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConsensusResult aggregate(AnswerSet data) {
        double[] weights = new double[data.workerCount()];
        for (int w = 0; w < weights.length; w++) {
            double t = trust.getOrDefault(data.workerId(w), defaultTrust);
            weights[w] = Math.max(0, t);
        }
        return vote(NAME, version(), data, weights);
    }

    /** The vote itself; {@code weights == null} is the plain majority. */
    static ConsensusResult vote(String name, String version, AnswerSet data, double[] weights) {
        double[] t = Em.voteShares(data, weights);
        int[] decided = Em.decide(data, t);
        int[] answers = Em.answersPerWorker(data);
        double[] agree = Em.agreement(data, decided, answers);
        WorkerQuality[] workers = new WorkerQuality[data.workerCount()];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new WorkerQuality(data.workerId(w), answers[w], Double.isNaN(agree[w]) ? 0 : agree[w], null,
                    weights == null ? 1 : weights[w]);
        }
        return new ConsensusResult(name, version, data, t, workers, Em.uniform(data.classCount()), 1, true);
    }
}
