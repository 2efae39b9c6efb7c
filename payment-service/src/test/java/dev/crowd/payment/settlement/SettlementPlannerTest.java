package dev.crowd.payment.settlement;

import dev.crowd.contracts.Money;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.OverlapPolicy;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.AnswersReviewed.Verdict;
import dev.crowd.payment.JobEscrow;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.EntryDraft;
import dev.crowd.payment.ledger.LedgerRules;
import dev.crowd.payment.settlement.SettlementPlanner.Funding;
import dev.crowd.payment.settlement.SettlementPlanner.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settlement rules, without I/O: plain JUnit, milliseconds. */
class SettlementPlannerTest {

    private static final String EUR = "EUR";

    @Test
    void aJobIsFundedWithItsPricedBudgetOnce() {
        UUID jobId = UUID.randomUUID();
        JobSubmitted job = submitted(jobId, 100, 10, 5, 1500);

        Funding first = SettlementPlanner.funding(job, null, EUR);
        Funding again = SettlementPlanner.funding(job, escrow(jobId, JobEscrow.Status.FUNDED, 100, 10, 5, 0), EUR);

        assertThat(first).isInstanceOfSatisfying(Funding.Reserve.class, reserve -> {
            assertThat(reserve.draft().amountOn(AccountRef.escrow(jobId))).isEqualTo(1500);
            assertThat(reserve.draft().amountOn(AccountRef.requester("req"))).isEqualTo(-1500);
            assertThat(reserve.draft().idempotencyKey()).isEqualTo("job:" + jobId + ":funding");
        });
        assertThat(again).isInstanceOf(Funding.Ignore.class);
        assertThat(SettlementPlanner.funding(job, escrow(jobId, JobEscrow.Status.REJECTED, 100, 10, 5, 0), EUR))
                .isInstanceOf(Funding.Reserve.class);
    }

    @Test
    void aBudgetThatIsNotMaxJudgmentsTimesThePriceIsRefused() {
        // a forged JobSubmitted: a small budget that would pay one huge reward, or a budget above the price
        assertThatThrownBy(() -> SettlementPlanner.funding(submitted(UUID.randomUUID(), 1_000_000, 10, 5, 100), null, EUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not maxJudgments × (reward + fee)");
        assertThatThrownBy(() -> SettlementPlanner.funding(submitted(UUID.randomUUID(), 1, 10, 5, 16), null, EUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not maxJudgments × (reward + fee)");
        assertThatThrownBy(() -> SettlementPlanner.funding(submitted(UUID.randomUUID(), Long.MAX_VALUE / 2, 10, 5, 100), null, EUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
        assertThatThrownBy(() -> SettlementPlanner.funding(submitted(UUID.randomUUID(), 0, 10, 5, 0), null, EUR))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersArePaidAtTheJobsPricesOnceAndAReviewOfAnUnknownJobIsRefused() {
        UUID jobId = UUID.randomUUID();
        JobEscrow job = escrow(jobId, JobEscrow.Status.FUNDED, 10, 100, 7, 0);
        UUID a = UUID.randomUUID();
        UUID i1 = UUID.randomUUID();
        UUID i2 = UUID.randomUUID();
        AnswersReviewed review = review(jobId, false, new Verdict(a, i1, "w1", true, null),
                new Verdict(a, i1, "w1", true, null), new Verdict(a, i2, "w1", false, "wrong"));
        AnswersReviewed twin = review(jobId, true, new Verdict(a, i1, "w1", true, null), new Verdict(a, i2, "w1", true, null));

        var accepted = SettlementPlanner.accepted(List.of(review, twin));
        Plan plan = SettlementPlanner.plan(Map.of(jobId, job), SettlementPlanner.priced(accepted, Map.of(jobId, job)), Set.of());

        assertThat(plan.late()).isEmpty();
        assertThat(plan.fromEscrow()).hasSize(2);
        assertThat(plan.fromEscrow().get(0).items()).containsExactly(new PaidItem(a, i1, "w1", 100, 7));
        assertThat(plan.fromEscrow().get(1).items()).containsExactly(new PaidItem(a, i2, "w1", 100, 7));
        assertThat(accepted.firstVerdictsByJob()).containsEntry(jobId, 3L);

        var unknown = SettlementPlanner.accepted(List.of(review(UUID.randomUUID(), false, new Verdict(a, i1, "w1", true, null))));
        assertThatThrownBy(() -> SettlementPlanner.priced(unknown, Map.of(jobId, job)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no funded escrow");
        JobEscrow rejected = escrow(jobId, JobEscrow.Status.REJECTED, 10, 100, 7, 0);
        assertThatThrownBy(() -> SettlementPlanner.priced(accepted, Map.of(jobId, rejected)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aJobNeverPaysMoreAnswersThanItsMaxJudgments() {
        UUID jobId = UUID.randomUUID();
        JobEscrow job = escrow(jobId, JobEscrow.Status.FUNDED, 3, 100, 7, 2);
        AnswersReviewed two = review(jobId, false, accept("w1"), accept("w2"));
        var accepted = SettlementPlanner.accepted(List.of(two));

        assertThatThrownBy(() -> SettlementPlanner.plan(Map.of(jobId, job), SettlementPlanner.priced(accepted, Map.of(jobId, job)), Set.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 3");
        AnswersReviewed one = review(jobId, false, accept("w1"));
        var acceptedOne = SettlementPlanner.accepted(List.of(one));
        assertThat(SettlementPlanner.plan(Map.of(jobId, job), SettlementPlanner.priced(acceptedOne, Map.of(jobId, job)), Set.of())
                .fromEscrow()).hasSize(1);
    }

    @Test
    void anAssignmentBelongsToTheJobAndAnnotatorOfItsFirstReview() {
        UUID jobA = UUID.randomUUID();
        UUID jobB = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        AnswersReviewed first = review(jobA, false, new Verdict(assignment, UUID.randomUUID(), "w1", true, null));
        var named = SettlementPlanner.owners(List.of(first));
        assertThat(SettlementPlanner.newOwners(named, Map.of())).containsExactly(new AssignmentOwner(assignment, jobA, "w1"));
        assertThat(SettlementPlanner.newOwners(named, named)).isEmpty();

        AnswersReviewed otherJob = review(jobB, false, new Verdict(assignment, UUID.randomUUID(), "w1", true, null));
        AnswersReviewed otherWorker = review(jobA, true, new Verdict(assignment, UUID.randomUUID(), "w2", true, null));
        assertThatThrownBy(() -> SettlementPlanner.newOwners(SettlementPlanner.owners(List.of(otherJob)), named))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to job " + jobA);
        assertThatThrownBy(() -> SettlementPlanner.newOwners(SettlementPlanner.owners(List.of(otherWorker)), named))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("annotator w1");
        assertThatThrownBy(() -> SettlementPlanner.owners(List.of(first, otherWorker)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lateAnswersArePaidWhileTheBalanceCoversThemAndOwedInOrderAfter() {
        UUID jobId = UUID.randomUUID();
        JobEscrow job = escrow(jobId, JobEscrow.Status.RELEASED, 10, 100, 10, 0);
        Payable first = new Payable(UUID.randomUUID(), job, List.of(new PaidItem(UUID.randomUUID(), UUID.randomUUID(), "w", 100, 10)), true, false);
        Payable second = new Payable(UUID.randomUUID(), job, List.of(new PaidItem(UUID.randomUUID(), UUID.randomUUID(), "w", 100, 10)), true, false);
        Payable small = new Payable(UUID.randomUUID(), job, List.of(new PaidItem(UUID.randomUUID(), UUID.randomUUID(), "w", 1, 0)), true, false);

        var decision = SettlementPlanner.late(List.of(first, second, small), Map.of(AccountRef.requester("req"), 150L), Set.of());
        assertThat(decision.pay()).containsExactly(first);
        assertThat(decision.owe()).containsExactly(second, small); // the small one waits its turn

        var owing = SettlementPlanner.late(List.of(small), Map.of(AccountRef.requester("req"), 150L), Set.of("req"));
        assertThat(owing.pay()).isEmpty();
    }

    @Test
    void theRestOfAFundedEscrowIsReleased() {
        UUID jobId = UUID.randomUUID();
        JobEscrow job = new JobEscrow(jobId, "req", "t", EUR, 100, 10, 10, 1100, JobEscrow.Status.FUNDED, 1100,
                300, 30, 0, 3, 0, 0, 0, 0, 0, 0, Instant.now(), Instant.now());
        EntryDraft release = SettlementPlanner.release(job);
        assertThat(release.amountOn(AccountRef.requester("req"))).isEqualTo(770);
        assertThat(SettlementPlanner.release(escrow(jobId, JobEscrow.Status.RELEASED, 1, 1, 1, 0))).isNull();
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /**
     * Random batches of reviews (corrective ones, redeliveries, answers accepted by several reviews, jobs
     * released midway, reviews beyond a job's maxJudgments) through the planner, applied to an in-memory
     * ledger the way the service applies them: no answer is ever paid twice, every accepted answer within
     * its job's limit is paid or owed exactly once, no account that must stay non-negative goes below
     * zero, and money is conserved (every entry balances; the escrow holds funded − paid − released).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void moneyIsConservedAndNoAnswerIsPaidTwice(long seed) {
        Random random = new Random(seed);
        Map<UUID, JobEscrow> jobs = new LinkedHashMap<>();
        Map<AccountRef, Long> balances = new HashMap<>();
        List<Verdict> answers = new ArrayList<>();
        Map<UUID, UUID> jobOfAssignment = new HashMap<>();
        for (int j = 0; j < 1 + random.nextInt(3); j++) {
            UUID jobId = UUID.randomUUID();
            long max = 2 + random.nextInt(8);
            long reward = 1 + random.nextInt(500);
            long fee = random.nextInt(50);
            jobs.put(jobId, escrow(jobId, JobEscrow.Status.FUNDED, max, reward, fee, 0));
            balances.put(AccountRef.escrow(jobId), max * (reward + fee));
            balances.put(AccountRef.requester("req"), balances.getOrDefault(AccountRef.requester("req"), 0L) + random.nextInt(3000));
            for (int a = 0; a < 1 + random.nextInt(4); a++) {
                UUID assignment = UUID.randomUUID();
                jobOfAssignment.put(assignment, jobId);
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    answers.add(new Verdict(assignment, UUID.randomUUID(), "w" + random.nextInt(4), true, null));
                }
            }
        }
        long before = balances.values().stream().mapToLong(Long::longValue).sum();
        Set<String> paid = new HashSet<>();
        Map<UUID, Long> paidCount = new HashMap<>();
        List<AnswersReviewed> sent = new ArrayList<>();
        for (int step = 0; step < 20; step++) {
            if (random.nextInt(10) == 0) { // a job completes: its escrow goes back
                UUID jobId = new ArrayList<>(jobs.keySet()).get(random.nextInt(jobs.size()));
                JobEscrow job = jobs.get(jobId);
                if (job.status() == JobEscrow.Status.FUNDED) {
                    long rest = balances.get(AccountRef.escrow(jobId));
                    EntryDraft release = SettlementPlanner.release(withRemaining(job, rest));
                    if (release != null) {
                        post(balances, release);
                    }
                    jobs.put(jobId, withStatus(job, JobEscrow.Status.RELEASED));
                }
            }
            List<AnswersReviewed> batch = new ArrayList<>();
            for (int r = 0; r < 1 + random.nextInt(4); r++) {
                if (!sent.isEmpty() && random.nextInt(5) == 0) {
                    batch.add(sent.get(random.nextInt(sent.size()))); // a redelivery
                    continue;
                }
                Verdict some = answers.get(random.nextInt(answers.size()));
                UUID jobId = jobOfAssignment.get(some.assignmentId());
                List<Verdict> verdicts = new ArrayList<>();
                for (Verdict v : answers) {
                    if (jobOfAssignment.get(v.assignmentId()).equals(jobId) && random.nextInt(3) == 0) {
                        verdicts.add(new Verdict(v.assignmentId(), v.itemId(), v.workerId(), random.nextBoolean(), null));
                    }
                }
                batch.add(review(jobId, random.nextBoolean(), verdicts.toArray(Verdict[]::new)));
            }
            Set<UUID> applied = new HashSet<>();
            List<AnswersReviewed> fresh = batch.stream().filter(b -> !sent.contains(b) && applied.add(b.eventId())).toList();
            sent.addAll(fresh);
            // together; when the batch is refused, one by one (the refused review pays nothing)
            if (!apply(fresh, jobs, balances, paid, paidCount)) {
                for (AnswersReviewed review : fresh) {
                    apply(List.of(review), jobs, balances, paid, paidCount);
                }
            }
            String why = "seed " + seed + " step " + step;
            assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).as(why + ": conserved").isEqualTo(before);
            balances.forEach((account, balance) -> assertThat(balance).as(why + ": " + account).isNotNegative());
            jobs.values().forEach(job -> assertThat(paidCount.getOrDefault(job.jobId(), 0L)).as(why)
                    .isLessThanOrEqualTo(job.maxJudgments()));
        }
        // every accepted answer within its job's limit was paid (or owed) once, and only accepted ones
        Set<String> acceptedAnswers = new HashSet<>();
        sent.forEach(review -> review.verdicts().stream().filter(Verdict::accepted)
                .forEach(v -> acceptedAnswers.add(v.assignmentId() + "/" + v.itemId())));
        assertThat(acceptedAnswers).containsAll(paid);
        for (JobEscrow job : jobs.values()) {
            long acceptedOfJob = acceptedAnswers.stream()
                    .filter(a -> jobOfAssignment.get(UUID.fromString(a.split("/")[0])).equals(job.jobId())).count();
            if (acceptedOfJob <= job.maxJudgments()) { // within the limit no review is refused
                assertThat(paidCount.getOrDefault(job.jobId(), 0L)).as("seed " + seed).isEqualTo(acceptedOfJob);
            }
        }
    }

    /** Applies one transaction's reviews as the service does; false (nothing applied) when it is refused. */
    private static boolean apply(List<AnswersReviewed> reviews, Map<UUID, JobEscrow> jobs, Map<AccountRef, Long> balances,
                                 Set<String> paid, Map<UUID, Long> paidCount) {
        Plan plan;
        try {
            var accepted = SettlementPlanner.accepted(reviews);
            plan = SettlementPlanner.plan(jobs, SettlementPlanner.priced(accepted, jobs), paid);
        } catch (IllegalStateException refused) {
            return false;
        }
        var late = SettlementPlanner.late(plan.late(), balances, Set.of());
        List<Payable> all = new ArrayList<>(plan.fromEscrow());
        all.addAll(late.pay());
        Map<AccountRef, Long> after = new HashMap<>(balances);
        for (Payable payable : all) {
            assertThat(LedgerRules.shortfall(after, payable.draft())).as("escrow covers every payment").isEmpty();
            post(after, payable.draft());
        }
        balances.putAll(after);
        List<Payable> recorded = new ArrayList<>(all);
        recorded.addAll(late.owe()); // owed answers count as settled: they are paid by a later deposit, once
        for (Payable payable : recorded) {
            for (PaidItem item : payable.items()) {
                assertThat(paid.add(item.answer())).as("answer paid twice: " + item.answer()).isTrue();
            }
            UUID jobId = payable.job().jobId();
            paidCount.merge(jobId, (long) payable.items().size(), Long::sum);
            JobEscrow job = jobs.get(jobId);
            jobs.put(jobId, new JobEscrow(jobId, job.requesterId(), job.title(), job.currency(), job.rewardPerJudgment(),
                    job.feePerJudgment(), job.maxJudgments(), job.budget(), job.status(), job.funded(), job.rewardsPaid(),
                    job.feesPaid(), job.released(), job.itemsPaid() + (payable.late() && late.owe().contains(payable) ? 0 : payable.items().size()),
                    0, 0, 0, 0, 0, job.owedItems() + (late.owe().contains(payable) ? payable.items().size() : 0),
                    job.createdAt(), job.updatedAt()));
        }
        return true;
    }

    private static void post(Map<AccountRef, Long> balances, EntryDraft draft) {
        draft.lines().forEach(line -> balances.merge(line.account(), line.amount(), Math::addExact));
    }

    private static JobEscrow withStatus(JobEscrow j, JobEscrow.Status status) {
        return new JobEscrow(j.jobId(), j.requesterId(), j.title(), j.currency(), j.rewardPerJudgment(), j.feePerJudgment(),
                j.maxJudgments(), j.budget(), status, j.funded(), j.rewardsPaid(), j.feesPaid(), j.released(), j.itemsPaid(),
                0, 0, 0, 0, 0, j.owedItems(), j.createdAt(), j.updatedAt());
    }

    /** The job as the release sees it: its counters say {@code rest} is left. */
    private static JobEscrow withRemaining(JobEscrow j, long rest) {
        return new JobEscrow(j.jobId(), j.requesterId(), j.title(), j.currency(), j.rewardPerJudgment(), j.feePerJudgment(),
                j.maxJudgments(), j.budget(), j.status(), rest, 0, 0, 0, j.itemsPaid(), 0, 0, 0, 0, 0, j.owedItems(),
                j.createdAt(), j.updatedAt());
    }

    private static Verdict accept(String worker) {
        return new Verdict(UUID.randomUUID(), UUID.randomUUID(), worker, true, null);
    }

    private static AnswersReviewed review(UUID jobId, boolean corrective, Verdict... verdicts) {
        return new AnswersReviewed(UUID.randomUUID(), Instant.now(), jobId, corrective, List.of(verdicts));
    }

    private static JobSubmitted submitted(UUID jobId, long maxJudgments, long reward, long fee, long budget) {
        return new JobSubmitted(UUID.randomUUID(), Instant.now(), jobId, "req", "t", "single-label", List.of("a", "b"),
                maxJudgments, 0, new OverlapPolicy(1, 1, 0.9), new Money(reward, EUR), new Money(fee, EUR), maxJudgments,
                new Money(budget, EUR));
    }

    private static JobEscrow escrow(UUID jobId, JobEscrow.Status status, long maxJudgments, long reward, long fee, long itemsPaid) {
        long budget = maxJudgments * (reward + fee);
        return new JobEscrow(jobId, "req", "t", EUR, reward, fee, maxJudgments, budget, status,
                status == JobEscrow.Status.REJECTED ? 0 : budget, 0, 0, 0, itemsPaid, 0, 0, 0, 0, 0, 0,
                Instant.now(), Instant.now());
    }
}
