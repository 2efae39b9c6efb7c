package dev.crowd.payment.ledger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random sequences of deposits, fundings, item payments (from the requester's balance once the job's
 * escrow was released), releases, bonuses, payouts (settled or failed)
 * and replays of earlier operations keep every ledger invariant; a replay never changes a balance; any
 * tampering with a stored entry breaks the hash chain. Each case is generated from a fixed seed, so
 * a failure names the seed that reproduces it.
 */
class LedgerPropertiesTest {

    private static final List<String> REQUESTERS = List.of("req-a", "req-b");
    private static final List<String> WORKERS = List.of("ann-a", "ann-b", "ann-c");
    private static final List<UUID> JOBS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    /** One step of a scenario; {@code pick} chooses among people, jobs and earlier operations. */
    sealed interface Op permits Deposit, Fund, Pay, Release, Bonus, PayoutRequest, PayoutOutcome, Replay {
    }

    record Deposit(int requester, long amount) implements Op {
    }

    record Fund(int job, int requester, long budget) implements Op {
    }

    record Pay(int job, int worker, long reward, long fee, int items) implements Op {
    }

    record Release(int job) implements Op {
    }

    record Bonus(int requester, int worker, long amount, long fee) implements Op {
    }

    record PayoutRequest(int worker, long amount) implements Op {
    }

    record PayoutOutcome(int pick, boolean paid) implements Op {
    }

    record Replay(int pick) implements Op {
    }

    /** Seeds of the generated cases: the same seeds, the same scenarios, on every run. */
    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    /** A random scenario of 1 to 80 operations over two requesters, three annotators and three jobs. */
    static List<Op> scenario(Random random) {
        int size = 1 + random.nextInt(80);
        List<Op> ops = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ops.add(switch (random.nextInt(8)) {
                case 0 -> new Deposit(random.nextInt(2), money(random));
                case 1 -> new Fund(random.nextInt(3), random.nextInt(2), money(random));
                case 2 -> new Pay(random.nextInt(3), random.nextInt(3), random.nextLong(50_001),
                        random.nextLong(10_001), 1 + random.nextInt(20));
                case 3 -> new Release(random.nextInt(3));
                case 4 -> new Bonus(random.nextInt(2), random.nextInt(3), money(random), random.nextLong(100_001));
                case 5 -> new PayoutRequest(random.nextInt(3), money(random));
                case 6 -> new PayoutOutcome(random.nextInt(1_001), random.nextBoolean());
                default -> new Replay(random.nextInt(1_001));
            });
        }
        return ops;
    }

    private static long money(Random random) {
        return 1 + random.nextLong(2_000_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySequenceKeepsEveryInvariant(long seed) {
        List<Op> scenario = scenario(new Random(seed));
        Runner runner = new Runner();
        for (Op op : scenario) {
            runner.apply(op);
            assertThat(runner.model.brokenInvariant()).as("after %s", op).isNull();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replayingAnyPostingChangesNothing(long seed) {
        Random random = new Random(seed);
        List<Op> scenario = scenario(random);
        int pick = random.nextInt(1_001);
        Runner runner = new Runner();
        scenario.forEach(runner::apply);
        if (runner.posted.isEmpty()) {
            return;
        }
        Map<AccountRef, Long> before = new HashMap<>(runner.model.balances);
        int entries = runner.model.entries.size();
        PostResult again = runner.model.post(runner.posted.get(pick % runner.posted.size()));
        assertThat(again).isInstanceOf(PostResult.Replayed.class);
        assertThat(runner.model.balances).isEqualTo(before);
        assertThat(runner.model.entries).hasSize(entries);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tamperingWithAnyEntryBreaksTheChain(long seed) {
        Random random = new Random(seed);
        List<Op> scenario = scenario(random);
        int pick = random.nextInt(1_001);
        int delta = 1 + random.nextInt(1_000);
        Runner runner = new Runner();
        scenario.forEach(runner::apply);
        List<LedgerModel.Stored> entries = runner.model.entries;
        if (entries.isEmpty()) {
            return;
        }
        int index = pick % entries.size();
        LedgerModel.Stored original = entries.get(index);
        List<Line> lines = new ArrayList<>(original.lines());
        Line first = lines.getFirst();
        Line last = lines.getLast();
        // a balanced forgery: more to one account, less to another; still sums to zero
        lines.set(0, new Line(first.account(), first.amount() + delta));
        lines.set(lines.size() - 1, new Line(last.account(), last.amount() - delta));
        entries.set(index, new LedgerModel.Stored(original.seq(), original.key(), original.kind(), original.jobId(),
                original.createdAt(), lines, original.prevHash(), original.hash()));

        ChainVerifier verifier = new ChainVerifier();
        entries.forEach(e -> verifier.accept(e.content(), e.prevHash(), e.hash()));
        verifier.acceptHead(entries.size(), runner.model.head());
        assertThat(verifier.problem()).contains("entry " + original.seq() + " was altered");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void draftsThatDoNotBalanceAreRefused(long seed) {
        Random random = new Random(seed);
        int amount = 1 + random.nextInt(1_000_000);
        int off = 1 + random.nextInt(1_000);
        assertThatThrownBy(() -> new EntryDraft("k", EntryKind.DEPOSIT, null, null, null, List.of(
                new Line(AccountRef.deposits(), -amount), new Line(AccountRef.requester("r"), amount + (long) off))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not balance");
    }

    /** Applies operations like the services do: each flow's draft, its key, and the job counters. */
    static final class Runner {
        final LedgerModel model = new LedgerModel();
        final List<EntryDraft> posted = new ArrayList<>();
        final List<UUID> payoutsInTransit = new ArrayList<>();
        final Map<UUID, String> payoutWorker = new HashMap<>();
        final Map<UUID, Long> payoutAmount = new HashMap<>();
        int counter;

        void apply(Op op) {
            switch (op) {
                case Deposit d -> post(Postings.deposit("dep-" + counter++, null, REQUESTERS.get(d.requester()), d.amount(), null));
                case Fund f -> {
                    UUID jobId = JOBS.get(f.job());
                    if (model.jobs.containsKey(jobId)) {
                        return;     // funded once per job (the service keys funding by job)
                    }
                    String requester = REQUESTERS.get(f.requester());
                    if (post(Postings.funding("job:" + jobId + ":funding", jobId, requester, f.budget()))) {
                        LedgerModel.Job job = new LedgerModel.Job(jobId, requester);
                        job.funded = f.budget();
                        model.jobs.put(jobId, job);
                    }
                }
                case Pay p -> {
                    LedgerModel.Job job = model.jobs.get(JOBS.get(p.job()));
                    if (job == null || p.reward() + p.fee() == 0) {
                        return;
                    }
                    List<Postings.ItemPay> items = new ArrayList<>();
                    for (int i = 0; i < p.items(); i++) {
                        items.add(new Postings.ItemPay(WORKERS.get((p.worker() + i) % WORKERS.size()), p.reward(), p.fee()));
                    }
                    if (job.isReleased) { // a late appeal: from the requester's available balance (or owed: nothing moves)
                        if (post(Postings.latePayments("review-" + counter++ + ":pay-after-release", job.id, job.requester, items))) {
                            job.lateRewardsPaid += p.reward() * p.items();
                            job.lateFeesPaid += p.fee() * p.items();
                        }
                        return;
                    }
                    if (post(Postings.itemPayments("review-" + counter++ + ":pay", job.id, items))) {
                        job.rewardsPaid += p.reward() * p.items();
                        job.feesPaid += p.fee() * p.items();
                    }
                }
                case Release r -> {
                    LedgerModel.Job job = model.jobs.get(JOBS.get(r.job()));
                    if (job == null || job.isReleased) {
                        return;
                    }
                    long rest = model.balance(AccountRef.escrow(job.id));
                    if (rest == 0 || post(Postings.release("job:" + job.id + ":release", job.id, job.requester, rest))) {
                        job.released += rest;
                        job.isReleased = true;
                    }
                }
                case Bonus b -> post(Postings.bonus("bonus-" + counter++, null, JOBS.getFirst(),
                        REQUESTERS.get(b.requester()), WORKERS.get(b.worker()), b.amount(), b.fee(), null));
                case PayoutRequest pr -> {
                    UUID payoutId = UUID.randomUUID();
                    String worker = WORKERS.get(pr.worker());
                    if (post(Postings.payoutRequest("payout:" + payoutId + ":request", null, payoutId, worker, pr.amount()))) {
                        payoutsInTransit.add(payoutId);
                        payoutWorker.put(payoutId, worker);
                        payoutAmount.put(payoutId, pr.amount());
                    }
                }
                case PayoutOutcome o -> {
                    if (payoutsInTransit.isEmpty()) {
                        return;
                    }
                    UUID payoutId = payoutsInTransit.remove(o.pick() % payoutsInTransit.size());
                    String worker = payoutWorker.get(payoutId);
                    long amount = payoutAmount.get(payoutId);
                    boolean done = post(o.paid() ? Postings.payoutSettled(payoutId, worker, amount)
                            : Postings.payoutReturned(payoutId, worker, amount, "bank said no"));
                    assertThat(done).as("money in transit can always be settled or returned").isTrue();
                }
                case Replay r -> {
                    if (!posted.isEmpty()) {
                        assertThat(model.post(posted.get(r.pick() % posted.size()))).isInstanceOf(PostResult.Replayed.class);
                    }
                }
            }
        }

        private boolean post(EntryDraft draft) {
            PostResult result = model.post(draft);
            if (result instanceof PostResult.Posted) {
                posted.add(draft);
                return true;
            }
            return false;
        }
    }
}
