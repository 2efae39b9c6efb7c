package dev.crowd.stack;

import dev.crowd.sim.Report;
import dev.crowd.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A demo job runs while components are killed with SIGKILL and started again. Afterwards every item is
 * resolved, no acknowledged answer is missing, every accepted answer is paid exactly once and the
 * ledger check passes.
 *
 * <p>CI runs a reduced drill: a small job, PostgreSQL killed once (every service loses its database at
 * the same moment) and then payment-service. The full drill, every service in turn plus the Kafka
 * broker and PostgreSQL:
 * <pre>
 *   mvn -pl stack-tests verify -Dtest=CrashRecoveryTest -Dcrowd.crash.items=2000 -Dcrowd.crash.workers=200 \
 *       -Dcrowd.crash.kill=task-service,worker-service,qa-service,payment-service,gateway,kafka,postgres
 * </pre>
 */
@ExtendWith(LocalStackExtension.class)
class CrashRecoveryTest {

    private static final int ITEMS = Integer.getInteger("crowd.crash.items", 60);
    private static final int WORKERS = Integer.getInteger("crowd.crash.workers", 12);
    private static final List<String> KILL = Arrays.asList(
            System.getProperty("crowd.crash.kill", "postgres,payment-service").split(","));

    @Test
    void aJobSurvivesKilledComponentsWithNothingLostAndNothingPaidTwice() throws Exception {
        Simulation.Options options = Simulation.Options.defaults(LocalStack.GATEWAY, LocalStack.KEYCLOAK)
                .withSize(ITEMS, WORKERS).withSpammers(0.1).withSeed(7).withTimeout(Duration.ofMinutes(12));
        Simulation sim = new Simulation(options);
        sim.prepare(System.out::println);
        sim.startWorkforce();

        // Each component dies once the job is under way, one after another, while annotators keep working.
        List<String> drill = new ArrayList<>();
        Thread chaos = Thread.ofVirtual().start(() -> {
            try {
                for (String component : KILL) {
                    waitForMoreJudgments(sim, Math.max(5, ITEMS / (2 * KILL.size())));
                    LocalStack.kill(component.trim());
                    Thread.sleep(2_000);
                    LocalStack.start(component.trim());
                    drill.add(component.trim());
                }
            } catch (Exception e) {
                throw new IllegalStateException("the crash drill failed", e);
            }
        });

        boolean completed = sim.awaitCompletion(p -> System.out.println("progress: " + p));
        chaos.join(Duration.ofMinutes(5));
        assertThat(drill).as("components killed and restarted").isEqualTo(KILL.stream().map(String::trim).toList());
        assertThat(completed).as("job completed").isTrue();
        assertThat(sim.awaitPaymentsSettled(Duration.ofMinutes(2))).as("payments caught up with reviews").isTrue();

        Report report = sim.report(completed);
        System.out.println(report.render());
        System.out.println("transient errors seen by the clients: " + sim.transientErrors());

        assertThat(report.resolved()).as("every item resolved").isEqualTo(ITEMS);
        // No answer lost: everything the platform acknowledged is counted by task-service and qa-service.
        assertThat(report.judgments()).as("task-service's count of answers").isEqualTo(report.delivered());
        assertThat(report.qaJudgments()).as("qa-service's count of answers").isEqualTo(report.delivered());
        // Paid exactly once: each annotator's balance is exactly their accepted answers times the reward,
        // and the job's paid answers are the accepted answers.
        assertThat(report.payMismatches()).as("annotators paid other than accepted x reward").isEmpty();
        assertThat(report.spend().path("itemsPaid").asLong()).isEqualTo(report.accepted());
        assertThat(report.ledgerOk()).as("ledger check: " + report.ledger()).isTrue();
        assertThat(report.goldLeaks()).as("gold labels shown to annotators").isEmpty();
    }

    private static void waitForMoreJudgments(Simulation sim, long more) throws InterruptedException {
        long start = sim.deliveredAnswers();
        long deadline = System.currentTimeMillis() + 120_000;
        // Once the job is done the remaining components die at once: recovery still has to settle the money.
        while (sim.deliveredAnswers() < start + more && !sim.finished() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }
}
