package dev.crowd.qualitybench;

import dev.crowd.consensus.Aggregator;
import dev.crowd.consensus.AnswerSet;
import dev.crowd.consensus.ConsensusResult;
import dev.crowd.consensus.DawidSkene;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Dawid-Skene on synthetic answers: {@code answers} answers (default 1,000,000) over 10 classes,
 * 10 answers per item, 1,000 workers of accuracy 0.55..0.95 with errors spread unevenly. Prints, for
 * the best of the measured runs (after warm-up), wall-clock and CPU time of the thread (the latter
 * is less disturbed by other processes on a shared machine),
 * {@code speed method=dawid-skene answers=<n> classes=10 seconds=<s> cpu_seconds=<s> answers_per_second=<r> ...}.
 *
 * <p>Usage: {@code SpeedBenchmark [answers] [runs]}. Single-threaded.
 */
public final class SpeedBenchmark {

    public static void main(String[] args) {
        int answers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int classes = 10;
        int perItem = 10;
        int items = answers / perItem;
        int workers = 1_000;
        SplittableRandom random = new SplittableRandom(42);
        int[] truth = new int[items];
        for (int i = 0; i < items; i++) {
            truth[i] = random.nextInt(classes);
        }
        double[] accuracy = new double[workers];
        int[] favourite = new int[workers];
        for (int w = 0; w < workers; w++) {
            accuracy[w] = 0.55 + 0.4 * random.nextDouble();
            favourite[w] = random.nextInt(classes);
        }
        int[] item = new int[answers];
        int[] worker = new int[answers];
        int[] label = new int[answers];
        for (int a = 0; a < answers; a++) {
            int i = a / perItem;
            int w = random.nextInt(workers);
            item[a] = i;
            worker[a] = w;
            if (random.nextDouble() < accuracy[w]) {
                label[a] = truth[i];
            } else {
                // half the errors go to the worker's favourite wrong class: real confusion, not noise
                label[a] = random.nextBoolean() ? favourite[w] : random.nextInt(classes);
            }
        }
        long built = System.nanoTime();
        AnswerSet data = AnswerSet.ofIndices(classes, items, workers, item, worker, label, null);
        double buildSeconds = (System.nanoTime() - built) / 1e9;
        Aggregator ds = new DawidSkene();
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        ConsensusResult result = null;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs + 2; r++) {
            long started = System.nanoTime();
            long startedCpu = threads.getCurrentThreadCpuTime();
            result = ds.aggregate(data);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;
            if (r >= 2) {
                best = Math.min(best, seconds);
                bestCpu = Math.min(bestCpu, cpuSeconds);
            }
        }
        int correct = 0;
        for (int i = 0; i < items; i++) {
            if (result.label(i) == truth[i]) {
                correct++;
            }
        }
        System.out.printf(Locale.ROOT,
                "speed method=%s answers=%d classes=%d seconds=%.3f cpu_seconds=%.3f answers_per_second=%.0f iterations=%d seconds_per_iteration=%.3f accuracy=%.4f build_seconds=%.3f%n",
                ds.name(), answers, classes, best, bestCpu, answers / best, result.iterations(), best / result.iterations(),
                (double) correct / items,
                buildSeconds);
    }

    private SpeedBenchmark() {
    }
}
