package dev.crowd.payment.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A journal entry about to be posted. Lines on the same account are merged and sorted by account, lines
 * of zero are dropped; the constructor refuses anything whose lines do not sum to exactly zero.
 *
 * @param idempotencyKey what caused it (event id + purpose, or the client's key): posting it twice changes nothing
 * @param requestHash    fingerprint of the API request (null for events): the same key with another request is refused
 */
public record EntryDraft(String idempotencyKey, EntryKind kind, UUID jobId, String memo, String requestHash,
                         List<Line> lines) {

    public EntryDraft {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("an entry needs an idempotency key");
        }
        Objects.requireNonNull(kind, "kind");
        lines = normalise(lines);
        if (lines.size() < 2) {
            throw new IllegalArgumentException("an entry moves money between at least two accounts");
        }
        long sum = 0;
        for (Line line : lines) {
            sum = Math.addExact(sum, line.amount());
        }
        if (sum != 0) {
            throw new IllegalArgumentException("entry " + idempotencyKey + " does not balance: lines sum to " + sum);
        }
    }

    /** The accounts touched, in canonical order. */
    public List<AccountRef> accounts() {
        return lines.stream().map(Line::account).toList();
    }

    public long amountOn(AccountRef account) {
        return lines.stream().filter(l -> l.account().equals(account)).mapToLong(Line::amount).sum();
    }

    private static List<Line> normalise(List<Line> lines) {
        Map<AccountRef, Long> merged = new TreeMap<>();
        for (Line line : lines) {
            merged.merge(line.account(), line.amount(), Math::addExact);
        }
        List<Line> result = new ArrayList<>(merged.size());
        merged.forEach((account, amount) -> {
            if (amount != 0) {
                result.add(new Line(account, amount));
            }
        });
        return List.copyOf(result);
    }
}
