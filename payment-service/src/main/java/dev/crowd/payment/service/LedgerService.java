package dev.crowd.payment.service;

import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.ChainHash;
import dev.crowd.payment.ledger.EntryDraft;
import dev.crowd.payment.ledger.LedgerRules;
import dev.crowd.payment.ledger.Line;
import dev.crowd.payment.ledger.PostResult;
import dev.crowd.payment.ledger.PostedEntry;
import dev.crowd.payment.ledger.Shortfall;
import dev.crowd.payment.repository.LedgerRepository;
import dev.crowd.payment.repository.LedgerRepository.LockedAccount;
import dev.crowd.payment.repository.LedgerRepository.NewEntry;
import dev.crowd.payment.repository.LedgerRepository.NewLine;
import dev.crowd.payment.repository.LedgerRepository.StoredEntry;
import dev.crowd.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts journal entries, one at a time or a batch at once. Must run inside a transaction (the caller's,
 * so that the postings, the caller's own rows and its outbox events commit together).
 *
 * <p>Concurrency: the accounts of every entry of the batch are locked {@code FOR UPDATE} in id order,
 * then the idempotency keys are looked up under those locks (a concurrent twin of a posting touches the
 * same accounts, so it has committed by now), then each entry is checked against the balances the
 * entries before it in the batch leave, and only then is the chain head locked, once for the whole
 * batch. No posting ever reads a balance it does not hold the lock of, so none can overdraw an account
 * or lose an update; the chain head makes the hash chain one total order. A batch costs the same few
 * round trips whatever its size: that, not the number of entries, is what bounds the posting rate.
 */
@ApplicationScoped
public class LedgerService {

    private final LedgerRepository repository;
    private final String currency;

    public LedgerService(LedgerRepository repository, PaymentConfig config) {
        this.repository = repository;
        this.currency = config.currency();
    }

    public Uni<PostResult> post(EntryDraft draft) {
        return postAll(List.of(draft)).map(List::getFirst);
    }

    /**
     * Posts {@code drafts} in order; one result per draft, in the same order. A draft whose key is already
     * stored (or appears earlier in the batch) is a replay; one that would overdraw an account, given the
     * drafts before it, is refused and moves nothing, and the others are still posted.
     */
    public Uni<List<PostResult>> postAll(List<EntryDraft> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<AccountRef> refs = drafts.stream().flatMap(d -> d.accounts().stream()).distinct().sorted().toList();
        List<String> keys = drafts.stream().map(EntryDraft::idempotencyKey).distinct().toList();
        return lockOrCreate(refs)
                .chain(accounts -> repository.findEntries(keys)
                        .chain(stored -> postLocked(drafts, stored, accounts)));
    }

    /**
     * Locks {@code refs} (creating the missing ones) in id order, as a posting would, and returns their
     * balances. For a caller that must decide what to post from balances it holds: it locks every account
     * its postings will touch here, so the posting after it takes no new account lock out of order.
     */
    public Uni<Map<AccountRef, Long>> lockBalances(Collection<AccountRef> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return lockOrCreate(refs.stream().distinct().sorted().toList()).map(locked -> {
            Map<AccountRef, Long> balances = new HashMap<>();
            locked.forEach((ref, account) -> balances.put(ref, account.balance()));
            return balances;
        });
    }

    /** The entry already stored under {@code idempotencyKey}, or null. */
    public Uni<PostedEntry> find(String idempotencyKey) {
        return repository.findEntry(idempotencyKey).map(found -> found == null ? null : found.entry());
    }

    private static PostResult replay(PostedEntry entry, String requestHash, EntryDraft draft) {
        if (!Objects.equals(requestHash, draft.requestHash()) || entry.kind() != draft.kind()) {
            throw ProblemException.conflict("idempotency-key-reused",
                    "This idempotency key was already used for a different request");
        }
        return new PostResult.Replayed(entry);
    }

    private Uni<Map<AccountRef, LockedAccount>> lockOrCreate(List<AccountRef> refs) {
        return repository.lockAccounts(refs).chain(locked -> {
            if (locked.size() == refs.size()) {
                return Uni.createFrom().item(locked);
            }
            List<AccountRef> missing = refs.stream().filter(ref -> !locked.containsKey(ref)).toList();
            return repository.createAccounts(missing, currency).chain(() -> repository.lockAccounts(refs));
        });
    }

    /** A draft accepted in this batch, waiting for its chain position. */
    private record Accepted(int index, EntryDraft draft, List<NewLine> lines, List<PostedEntry.PostedLine> posted) {
    }

    private Uni<List<PostResult>> postLocked(List<EntryDraft> drafts, Map<String, StoredEntry> stored,
                                             Map<AccountRef, LockedAccount> accounts) {
        Map<AccountRef, Long> balances = new HashMap<>();
        accounts.forEach((ref, account) -> balances.put(ref, account.balance()));
        PostResult[] results = new PostResult[drafts.size()];
        Map<String, Accepted> acceptedByKey = new HashMap<>();
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            EntryDraft draft = drafts.get(i);
            StoredEntry found = stored.get(draft.idempotencyKey());
            if (found != null) {
                results[i] = replay(found.entry(), found.requestHash(), draft);
                continue;
            }
            if (acceptedByKey.containsKey(draft.idempotencyKey())) {
                continue; // a twin earlier in this batch: answered below, once it has its position
            }
            Optional<Shortfall> shortfall = LedgerRules.shortfall(balances, draft);
            if (shortfall.isPresent()) {
                results[i] = new PostResult.Refused(shortfall.get());
                continue;
            }
            List<NewLine> newLines = new ArrayList<>(draft.lines().size());
            List<PostedEntry.PostedLine> posted = new ArrayList<>(draft.lines().size());
            for (Line line : draft.lines()) {
                long after = Math.addExact(balances.get(line.account()), line.amount());
                balances.put(line.account(), after);
                newLines.add(new NewLine(accounts.get(line.account()).id(), line.amount(), after));
                posted.add(new PostedEntry.PostedLine(line.account(), line.amount(), after));
            }
            Accepted entry = new Accepted(i, draft, newLines, posted);
            accepted.add(entry);
            acceptedByKey.put(draft.idempotencyKey(), entry);
        }
        if (accepted.isEmpty()) {
            return Uni.createFrom().item(List.of(results));
        }
        return repository.lockChainHead().chain(head -> {
            Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long seq = head.lastSeq();
            String previous = head.lastHash();
            List<NewEntry> entries = new ArrayList<>(accepted.size());
            Map<String, PostedEntry> postedByKey = new HashMap<>();
            for (Accepted entry : accepted) {
                EntryDraft draft = entry.draft();
                seq++;
                String hash = ChainHash.of(previous, new ChainHash.Content(seq, draft.idempotencyKey(),
                        draft.kind(), draft.jobId(), createdAt, draft.lines()));
                entries.add(new NewEntry(seq, draft, createdAt, previous, hash, entry.lines()));
                PostedEntry posted = new PostedEntry(seq, draft.idempotencyKey(), draft.kind(), draft.jobId(),
                        draft.memo(), createdAt, List.copyOf(entry.posted()));
                postedByKey.put(draft.idempotencyKey(), posted);
                results[entry.index()] = new PostResult.Posted(posted);
                previous = hash;
            }
            for (int i = 0; i < drafts.size(); i++) {
                if (results[i] == null) { // the twin of an entry posted in this batch
                    EntryDraft draft = drafts.get(i);
                    Accepted first = acceptedByKey.get(draft.idempotencyKey());
                    results[i] = replay(postedByKey.get(draft.idempotencyKey()), first.draft().requestHash(), draft);
                }
            }
            Map<Long, Long> newBalances = new HashMap<>();
            for (NewEntry entry : entries) {
                for (NewLine line : entry.lines()) {
                    newBalances.put(line.accountId(), line.balanceAfter());
                }
            }
            return repository.writeEntries(entries, newBalances).replaceWith(List.of(results));
        });
    }
}
