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
import dev.crowd.payment.repository.LedgerRepository.NewLine;
import dev.crowd.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts journal entries. Must run inside a transaction (the caller's, so that the posting, the
 * caller's own rows and its outbox events commit together).
 *
 * <p>Concurrency: the entry's accounts are locked {@code FOR UPDATE} in id order, then the idempotency
 * key is checked again under those locks (a concurrent twin of this posting touches the same accounts,
 * so it has committed by now), then the balance rule is checked against the locked balances, and only
 * then is the chain head locked. No posting ever reads a balance it does not hold the lock of, so none
 * can overdraw an account or lose an update; the chain head makes the hash chain one total order.
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
        return repository.findEntry(draft.idempotencyKey()).chain(found -> found != null
                ? Uni.createFrom().item(replay(found, draft))
                : lockOrCreate(draft.accounts())
                .chain(accounts -> repository.findEntry(draft.idempotencyKey()).chain(again -> again != null
                        ? Uni.createFrom().item(replay(again, draft))
                        : postLocked(draft, accounts))));
    }

    /** The entry already stored under {@code idempotencyKey}, or null. */
    public Uni<PostedEntry> find(String idempotencyKey) {
        return repository.findEntry(idempotencyKey).map(found -> found == null ? null : found.entry());
    }

    private PostResult replay(LedgerRepository.StoredEntry stored, EntryDraft draft) {
        if (!Objects.equals(stored.requestHash(), draft.requestHash()) || stored.entry().kind() != draft.kind()) {
            throw ProblemException.conflict("idempotency-key-reused",
                    "This idempotency key was already used for a different request");
        }
        return new PostResult.Replayed(stored.entry());
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

    private Uni<PostResult> postLocked(EntryDraft draft, Map<AccountRef, LockedAccount> accounts) {
        Map<AccountRef, Long> balances = new HashMap<>();
        accounts.forEach((ref, account) -> balances.put(ref, account.balance()));
        Optional<Shortfall> shortfall = LedgerRules.shortfall(balances, draft);
        if (shortfall.isPresent()) {
            return Uni.createFrom().item(new PostResult.Refused(shortfall.get()));
        }
        return repository.lockChainHead().chain(head -> {
            long seq = head.lastSeq() + 1;
            Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<NewLine> newLines = new ArrayList<>(draft.lines().size());
            List<PostedEntry.PostedLine> posted = new ArrayList<>(draft.lines().size());
            for (Line line : draft.lines()) {
                LockedAccount account = accounts.get(line.account());
                long after = Math.addExact(account.balance(), line.amount());
                newLines.add(new NewLine(account.id(), line.amount(), after));
                posted.add(new PostedEntry.PostedLine(line.account(), line.amount(), after));
            }
            String hash = ChainHash.of(head.lastHash(), new ChainHash.Content(seq, draft.idempotencyKey(),
                    draft.kind(), draft.jobId(), createdAt, draft.lines()));
            PostedEntry entry = new PostedEntry(seq, draft.idempotencyKey(), draft.kind(), draft.jobId(),
                    draft.memo(), createdAt, List.copyOf(posted));
            return repository.writeEntry(seq, draft, createdAt, head.lastHash(), hash, newLines)
                    .replaceWith(new PostResult.Posted(entry));
        });
    }
}
