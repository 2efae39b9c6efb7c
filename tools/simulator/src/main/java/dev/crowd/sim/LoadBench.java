package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code ./crowd bench load}: sustained claim + submit through the gateway of a running stack, from this
 * separate process, by annotators that answer without thinking. Prints the rate of round trips, their
 * latency percentiles, how long after the last answer every accepted answer was paid, and the time
 * from answer to paid of each answer given while measuring.
 *
 * <pre>
 *   --workers N     concurrent annotators (default 32)
 *   --seconds S     how long to keep the load up (default 30)
 *   --items N       items in the job; enough not to run out (default 20000)
 *   --batch N       items per micro-job (default 1: one item per claim + submit)
 * </pre>
 */
public final class LoadBench {

    public static void main(String[] args) {
        int offset = Integer.parseInt(System.getenv().getOrDefault("CROWD_PORT_OFFSET", "0"));
        String gateway = "http://127.0.0.1:" + (8080 + offset);
        String keycloak = "http://127.0.0.1:" + (8180 + offset);
        int workers = 32;
        int seconds = 30;
        int items = 20_000;
        int batch = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--items" -> items = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--gateway" -> gateway = args[i + 1];
                case "--keycloak" -> keycloak = args[i + 1];
                default -> {
                    System.err.println("bench load: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        // Every annotator reliable, no gold, one judgment per item: the load is claim + submit and nothing else.
        Simulation.Options options = new Simulation.Options(gateway, keycloak, "admin", items, workers,
                0, 0, 0, 1, 0, batch, 1, 1, 0.5, 100, 0, Duration.ofSeconds(seconds));
        Simulation sim = new Simulation(options);
        System.out.printf(Locale.ROOT, "bench load: %d annotators, %d s, micro-jobs of %d item(s), against %s%n",
                workers, seconds, batch, gateway);
        sim.prepare(line -> System.out.println("  " + line));

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean measuring = new AtomicBoolean();
        sim.onRoundTrip(nanos -> {
            if (measuring.get()) {
                latencies.add(nanos);
            }
        });
        sim.startWorkforce();
        Simulation.sleep(3_000); // warm-up: connections, JIT, pools
        measuring.set(true);
        long start = System.nanoTime();
        long measuredFrom = System.currentTimeMillis();
        long deliveredAtStart = sim.deliveredAnswers();
        Simulation.sleep(seconds * 1000L);
        measuring.set(false);
        double wall = (System.nanoTime() - start) / 1e9;
        long delivered = sim.deliveredAnswers() - deliveredAtStart;
        sim.stopWorkforce();

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "claim+submit: %d round trips in %.1f s = %.0f/s (%d items/s); "
                        + "latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; client errors retried: %d%n",
                sorted.length, wall, sorted.length / wall, Math.round(delivered / wall),
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                sim.transientErrors());

        // Answer to paid: from the last accepted answer until payment-service has paid every accepted answer.
        long lastAnswer = sim.lastAnswerAt();
        long paidAt = -1;
        long deadline = System.currentTimeMillis() + 120_000;
        long accepted = 0;
        long paid = 0;
        while (System.currentTimeMillis() < deadline) {
            JsonNode quality = sim.retrying(() -> sim.api().get("/api/qa/jobs/" + sim.jobId() + "/quality",
                    sim.requester().token()).expect(200).body());
            JsonNode spend = sim.retrying(() -> sim.api().get("/api/payments/accounts/me/jobs/" + sim.jobId(),
                    sim.requester().token()).expect(200).body());
            accepted = quality.path("judgments").path("accepted").asLong();
            long judged = quality.path("judgments").path("total").asLong();
            long pending = quality.path("judgments").path("pending").asLong();
            paid = spend.path("itemsPaid").asLong();
            // qa-service has every answer the platform acknowledged, all reviewed, and payment caught up
            if (judged >= sim.deliveredAnswers() && pending == 0 && paid >= accepted && accepted > 0) {
                paidAt = System.currentTimeMillis();
                break;
            }
            Simulation.sleep(100);
        }
        if (paidAt < 0) {
            System.out.printf(Locale.ROOT, "answer-to-paid: not every answer paid within 120 s (accepted %d, paid %d)%n",
                    accepted, paid);
        } else {
            System.out.printf(Locale.ROOT, "answer-to-paid: every accepted answer (%d) paid %d ms after the last answer%n",
                    paid, paidAt - lastAnswer);
            perAnswerToPaid(sim, measuredFrom);
        }
        System.exit(0);
    }

    /**
     * Answer to paid for each answer given while measuring: each annotator's ITEM_PAYMENT lines on the job
     * (posting time, items = amount / reward) are matched in order to their acknowledged submissions
     * (an annotator's answers are reviewed and paid in the order given). Every answer here is accepted
     * (reliable annotators, no gold, one judgment per item), so the counts must agree; an annotator whose
     * counts differ is left out and counted. Server and client share this machine's clock.
     */
    private static void perAnswerToPaid(Simulation sim, long measuredFrom) {
        long reward = sim.options().reward();
        List<Long> latencies = new ArrayList<>();
        int mismatched = 0;
        for (Annotator annotator : sim.annotators()) {
            List<Long> paidAt = new ArrayList<>(); // one entry per item paid, oldest first
            for (int page = 0; ; page++) {
                int p = page;
                JsonNode lines = sim.retrying(() -> sim.api().get("/api/payments/accounts/me/statement?kind=ITEM_PAYMENT&size=200&page=" + p,
                        annotator.session().token()).expect(200).body());
                for (JsonNode line : lines.path("items")) {
                    if (sim.jobId().equals(line.path("jobId").asText())) {
                        long at = Instant.parse(line.path("postedAt").asText()).toEpochMilli();
                        for (long i = 0; i < line.path("amount").path("amount").asLong() / reward; i++) {
                            paidAt.add(at);
                        }
                    }
                }
                if ((long) (page + 1) * 200 >= lines.path("total").asLong()) {
                    break;
                }
            }
            paidAt.sort(null);
            List<long[]> answered = annotator.answered();
            long items = answered.stream().mapToLong(a -> a[1]).sum();
            if (items != paidAt.size()) {
                mismatched++;
                continue;
            }
            int next = 0;
            for (long[] answer : answered) {
                long paid = 0;
                for (long i = 0; i < answer[1]; i++) {
                    paid = Math.max(paid, paidAt.get(next++)); // a submission is paid when its last item is
                }
                if (answer[0] >= measuredFrom) {
                    latencies.add(paid - answer[0]);
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "answer-to-paid per answer (%d answers given while measuring): p50 %d ms, "
                        + "p95 %d ms, p99 %d ms, max %d ms%s%n", sorted.length, pctMillis(sorted, 50), pctMillis(sorted, 95),
                pctMillis(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                mismatched == 0 ? "" : "; " + mismatched + " annotator(s) left out: answers and payments did not pair up");
    }

    private static long pctMillis(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private LoadBench() {
    }
}
