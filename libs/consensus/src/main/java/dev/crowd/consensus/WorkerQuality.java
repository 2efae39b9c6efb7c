package dev.crowd.consensus;

/**
 * A worker's estimated quality.
 *
 * @param accuracy  estimated probability that an answer of this worker is the true class, 0..1
 * @param confusion estimated P(answer = column | truth = row) in class order, or null when the method
 *                  has a single skill parameter per worker
 * @param skill     the method's own skill parameter (GLAD's ability, a vote weight, ...), NaN if none
 */
public record WorkerQuality(String workerId, int answers, double accuracy, double[][] confusion, double skill) {
}
