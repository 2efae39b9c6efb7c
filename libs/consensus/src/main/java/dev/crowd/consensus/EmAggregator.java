package dev.crowd.consensus;

/**
 * A method fitted by the shared {@link EmLoop}: it names itself and builds its {@link EmLoop.Model};
 * the loop, the stopping rule and the result are the same for all.
 */
abstract class EmAggregator implements Aggregator {

    private final String name;
    private final int maxIterations;
    private final double tolerance;

    EmAggregator(String name, int maxIterations, double tolerance) {
        this.name = name;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** A fresh model over {@code data}, before the first M-step. */
    abstract EmLoop.Model model(AnswerSet data);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ConsensusResult aggregate(AnswerSet data) {
        EmLoop.Model model = model(data);
        EmLoop.Run run = EmLoop.run(data, model, maxIterations, tolerance);
        return new ConsensusResult(name, version(), data, run.posterior(), model.workers(), model.priors(),
                run.iterations(), run.converged());
    }
}
