package dev.crowd.payment.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A journal entry as stored: its chain position, and each line with the account's balance after it. */
public record PostedEntry(long seq, String idempotencyKey, EntryKind kind, UUID jobId, String memo,
                          Instant createdAt, List<PostedLine> lines) {

    public record PostedLine(AccountRef account, long amount, long balanceAfter) {
    }

    public PostedLine lineOn(AccountRef account) {
        return lines.stream().filter(l -> l.account().equals(account)).findFirst()
                .orElseThrow(() -> new IllegalStateException("entry " + seq + " has no line on " + account.canonical()));
    }
}
