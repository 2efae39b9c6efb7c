package dev.crowd.sim;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ./crowd demo}: one demo job on the running local stack, with a live progress bar and a report
 * whose last line is {@code demo: items=... ledger=OK|FAIL}. Exits 0 when the job completed and the
 * ledger check passed, 1 otherwise.
 *
 * <pre>
 *   --items N          items to label (default 2000; 5% more are gold)
 *   --workers N        simulated annotators (default 200)
 *   --spammers F       share answering at random (default 0.10)
 *   --seed S           the simulation's seed (default 42)
 *   --think-scale F    real think time x F (default 0.01)
 *   --timeout-minutes M
 *   --gateway URL, --keycloak URL (default: the local stack, honouring CROWD_PORT_OFFSET)
 * </pre>
 */
public final class Demo {

    public static void main(String[] args) {
        int offset = Integer.parseInt(System.getenv().getOrDefault("CROWD_PORT_OFFSET", "0"));
        String gateway = "http://127.0.0.1:" + (8080 + offset);
        String keycloak = "http://127.0.0.1:" + (8180 + offset);
        int items = 2000;
        int workers = 200;
        double spammers = 0.10;
        long seed = 42;
        double thinkScale = 0.01;
        int timeoutMinutes = 20;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--items" -> items = Integer.parseInt(need(args[i], value));
                case "--workers" -> workers = Integer.parseInt(need(args[i], value));
                case "--spammers" -> spammers = Double.parseDouble(need(args[i], value));
                case "--seed" -> seed = Long.parseLong(need(args[i], value));
                case "--think-scale" -> thinkScale = Double.parseDouble(need(args[i], value));
                case "--timeout-minutes" -> timeoutMinutes = Integer.parseInt(need(args[i], value));
                case "--gateway" -> gateway = need(args[i], value);
                case "--keycloak" -> keycloak = need(args[i], value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (items < 1 || workers < 1 || spammers < 0 || spammers > 1 || thinkScale < 0) {
            usage("--items and --workers must be at least 1, --spammers between 0 and 1");
        }
        Simulation.Options d = Simulation.Options.defaults(gateway, keycloak);
        Simulation.Options options = new Simulation.Options(gateway, keycloak, d.keycloakAdminPassword(), items, workers,
                spammers, d.adversarial(), d.noisy(), seed, d.goldShare(), d.microJobSize(), d.overlapMin(),
                d.overlapMax(), d.targetConfidence(), d.reward(), thinkScale, Duration.ofMinutes(timeoutMinutes));

        PrintStream out = System.out;
        Simulation sim = new Simulation(options);
        out.printf(Locale.ROOT, "demo: %d items, %d annotators (%.0f%% spammers), seed %d, against %s%n",
                items, workers, spammers * 100, seed, gateway);
        sim.prepare(line -> out.println("  " + line));
        sim.startWorkforce();
        boolean interactive = System.console() != null;
        long[] lastPrint = {0};
        boolean completed = sim.awaitCompletion(p -> {
            if (interactive || System.currentTimeMillis() - lastPrint[0] > 5000) {
                lastPrint[0] = System.currentTimeMillis();
                out.print((interactive ? "\r" : "") + bar(p) + (interactive ? "" : "\n"));
                out.flush();
            }
        });
        if (interactive) {
            out.println();
        }
        out.println(completed ? "  job COMPLETED; waiting for the last payments ..." : "  timed out before the job completed");
        sim.awaitPaymentsSettled(Duration.ofSeconds(60));
        Report report = sim.report(completed);
        out.print(report.render());
        System.exit(completed && report.ledgerOk() && report.goldLeaks().isEmpty() ? 0 : 1);
    }

    static String bar(Simulation.Progress p) {
        int width = 30;
        int filled = p.items() == 0 ? 0 : (int) (width * p.resolved() / p.items());
        return String.format(Locale.ROOT, "  [%s%s] %5.1f%%  resolved %d/%d  judgments %d  spend %s  suspended %d  %ds",
                "#".repeat(filled), ".".repeat(width - filled), p.items() == 0 ? 0.0 : 100.0 * p.resolved() / p.items(),
                p.resolved(), p.items(), p.judgments(), p.spent(), p.blocked(), p.elapsed().toSeconds());
    }

    private static String need(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("demo: " + problem);
        System.err.println("usage: ./crowd demo [--items N] [--workers N] [--spammers FRACTION] [--seed S] "
                + "[--think-scale F] [--timeout-minutes M]");
        System.exit(2);
    }

    private Demo() {
    }
}
