package dev.crowd.payment.ledger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random sequences of deposits, fundings, item payments, releases, bonuses, payouts (settled or failed)
 * and replays of earlier operations keep every ledger invariant; a replay never changes a balance; any
 * tampering with a stored entry breaks the hash chain.
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

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<Long> money = Arbitraries.longs().between(1, 2_000_000);
        Arbitrary<Op> op = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 1), money).as(Deposit::new),
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1), money)
                        .as(Fund::new),
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(0, 50_000), Arbitraries.longs().between(0, 10_000),
                        Arbitraries.integers().between(1, 20)).as(Pay::new),
                Arbitraries.integers().between(0, 2).map(Release::new),
                Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 2), money,
                        Arbitraries.longs().between(0, 100_000)).as(Bonus::new),
                Combinators.combine(Arbitraries.integers().between(0, 2), money).as(PayoutRequest::new),
                Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(true, false))
                        .as(PayoutOutcome::new),
                Arbitraries.integers().between(0, 1_000).map(Replay::new));
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void everySequenceKeepsEveryInvariant(@ForAll("scenarios") List<Op> scenario) {
        Runner runner = new Runner();
        for (Op op : scenario) {
            runner.apply(op);
            assertThat(runner.model.brokenInvariant()).as("after %s", op).isNull();
        }
    }

    @Property(tries = 200)
    void replayingAnyPostingChangesNothing(@ForAll("scenarios") List<Op> scenario, @ForAll @IntRange(min = 0, max = 1000) int pick) {
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

    @Property(tries = 200)
    void tamperingWithAnyEntryBreaksTheChain(@ForAll("scenarios") List<Op> scenario, @ForAll @IntRange(min = 0, max = 1000) int pick,
                                              @ForAll @IntRange(min = 1, max = 1000) int delta) {
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

    @Property(tries = 100)
    void draftsThatDoNotBalanceAreRefused(@ForAll @IntRange(min = 1, max = 1_000_000) int amount,
                                          @ForAll @IntRange(min = 1, max = 1_000) int off) {
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
                    if (job == null || job.isReleased || p.reward() + p.fee() == 0) {
                        return;
                    }
                    List<Postings.ItemPay> items = new ArrayList<>();
                    for (int i = 0; i < p.items(); i++) {
                        items.add(new Postings.ItemPay(WORKERS.get((p.worker() + i) % WORKERS.size()), p.reward(), p.fee()));
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
