package dev.crowd.payment.ledger;

import java.util.Map;
import java.util.Optional;

/** The one rule every posting obeys: no account that holds money for someone goes below zero. */
public final class LedgerRules {

    /**
     * The first account the entry would overdraw, given the current balances (missing accounts are 0).
     * Callers hold the accounts' row locks while they ask, so the answer stays true until they commit.
     */
    public static Optional<Shortfall> shortfall(Map<AccountRef, Long> balances, EntryDraft entry) {
        for (Line line : entry.lines()) {
            if (line.amount() >= 0 || !line.account().kind().mustStayNonNegative()) {
                continue;
            }
            long balance = balances.getOrDefault(line.account(), 0L);
            if (Math.addExact(balance, line.amount()) < 0) {
                return Optional.of(new Shortfall(line.account(), balance, -line.amount()));
            }
        }
        return Optional.empty();
    }

    private LedgerRules() {
    }
}
