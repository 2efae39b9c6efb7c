package dev.crowd.contracts.jobs;

/**
 * How many judgments an item gets: at least {@code minJudgments}; more while its consensus confidence
 * is below {@code targetConfidence}; never more than {@code maxJudgments}.
 */
public record OverlapPolicy(int minJudgments, int maxJudgments, double targetConfidence) {
}
