package dev.crowd.payment.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An in-memory ledger that posts exactly as LedgerService does (same drafts from {@link Postings}, same
 * {@link LedgerRules}, same {@link ChainHash}), for property tests of the rules without a database.
 */
final class LedgerModel {

    record Stored(long seq, String key, EntryKind kind, UUID jobId, Instant createdAt, List<Line> lines,
                  String prevHash, String hash) {
        ChainHash.Content content() {
            return new ChainHash.Content(seq, key, kind, jobId, createdAt, lines);
        }
    }

    /** Escrow counters of one job, as job_escrow keeps them. */
    static final class Job {
        final UUID id;
        final String requester;
        long funded;
        long rewardsPaid;
        long feesPaid;
        long released;
        long lateRewardsPaid;
        long lateFeesPaid;
        boolean isReleased;

        Job(UUID id, String requester) {
            this.id = id;
            this.requester = requester;
        }
    }

    final Map<AccountRef, Long> balances = new HashMap<>();
    final List<Stored> entries = new ArrayList<>();
    final Map<String, Stored> byKey = new HashMap<>();
    final Map<UUID, Job> jobs = new LinkedHashMap<>();
    private String head = ChainHash.GENESIS;
    private Instant clock = Instant.parse("2026-11-28T00:00:00Z");

    /** Posts unless the key was seen (replay: nothing changes) or an account would be overdrawn (nothing changes). */
    PostResult post(EntryDraft draft) {
        Stored existing = byKey.get(draft.idempotencyKey());
        if (existing != null) {
            return new PostResult.Replayed(null);
        }
        Optional<Shortfall> shortfall = LedgerRules.shortfall(balances, draft);
        if (shortfall.isPresent()) {
            return new PostResult.Refused(shortfall.get());
        }
        clock = clock.plus(1_234, ChronoUnit.MICROS);
        long seq = entries.size() + 1;
        String hash = ChainHash.of(head, new ChainHash.Content(seq, draft.idempotencyKey(), draft.kind(),
                draft.jobId(), clock, draft.lines()));
        Stored stored = new Stored(seq, draft.idempotencyKey(), draft.kind(), draft.jobId(), clock, draft.lines(), head, hash);
        entries.add(stored);
        byKey.put(draft.idempotencyKey(), stored);
        head = hash;
        for (Line line : draft.lines()) {
            balances.merge(line.account(), line.amount(), Math::addExact);
        }
        return new PostResult.Posted(null);
    }

    String head() {
        return head;
    }

    long balance(AccountRef account) {
        return balances.getOrDefault(account, 0L);
    }

    /** Every invariant /admin/ledger/check reports, with the name of the first one broken (or null). */
    String brokenInvariant() {
        Map<AccountRef, Long> fromLines = new HashMap<>();
        for (Stored entry : entries) {
            long sum = 0;
            for (Line line : entry.lines()) {
                sum += line.amount();
                fromLines.merge(line.account(), line.amount(), Long::sum);
            }
            if (sum != 0) {
                return "entries-balance";
            }
        }
        if (balances.values().stream().mapToLong(Long::longValue).sum() != 0) {
            return "accounts-sum-to-zero";
        }
        for (Map.Entry<AccountRef, Long> account : balances.entrySet()) {
            if (!account.getValue().equals(fromLines.getOrDefault(account.getKey(), 0L))) {
                return "balances-match-lines";
            }
            if (account.getKey().kind().mustStayNonNegative() && account.getValue() < 0) {
                return "no-negative-balance";
            }
        }
        for (Job job : jobs.values()) {
            if (balance(AccountRef.escrow(job.id)) != job.funded - job.rewardsPaid - job.feesPaid - job.released) {
                return "escrow-matches-job";
            }
            long late = 0;
            for (Stored entry : entries) {
                if (entry.kind() == EntryKind.LATE_ITEM_PAYMENT && job.id.equals(entry.jobId())) {
                    for (Line line : entry.lines()) {
                        if (line.account().equals(AccountRef.requester(job.requester))) {
                            late -= line.amount();
                        }
                    }
                }
            }
            if (late != job.lateRewardsPaid + job.lateFeesPaid) {
                return "late-payments-match-job";
            }
        }
        ChainVerifier verifier = new ChainVerifier();
        for (Stored entry : entries) {
            verifier.accept(entry.content(), entry.prevHash(), entry.hash());
        }
        verifier.acceptHead(entries.size(), head);
        return verifier.problem() == null ? null : "hash-chain";
    }
}
