package dev.crowd.payment.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.crowd.contracts.Money;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.PostResult;
import dev.crowd.payment.ledger.PostedEntry;
import dev.crowd.payment.ledger.Postings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Money arriving for a requester (recorded by an admin, as a bank transfer would be). The same transaction
 * pays the late answers the requester owes, as far as the new balance covers them ({@link LatePaymentService}).
 */
@ApplicationScoped
public class DepositService {

    /** @param replayed true when this key was seen before: nothing moved now, this is the original result */
    public record Deposit(long entrySeq, String requesterId, Money amount, Money balanceAfter, String reference,
                          Instant postedAt, @JsonIgnore boolean replayed) {
    }

    private final LedgerService ledger;
    private final LatePaymentService latePayments;
    private final String currency;

    public DepositService(LedgerService ledger, LatePaymentService latePayments, PaymentConfig config) {
        this.ledger = ledger;
        this.latePayments = latePayments;
        this.currency = config.currency();
    }

    public Uni<Deposit> deposit(String idempotencyKey, String requesterId, Long amount, String amountCurrency,
                                String reference) {
        String key = Amounts.requireKey(idempotencyKey);
        long value = Amounts.requirePositive(amount, amountCurrency, currency, "amount");
        String memo = reference == null || reference.isBlank() ? "deposit" : "deposit " + reference;
        // late answers the requester owes are paid, oldest first, in the deposit's transaction (a new
        // deposit only: a replay moved nothing)
        return Amounts.overflowIsInvalid(Panache.withTransaction(() -> latePayments.lockForSettling(requesterId)
                        .chain(locks -> ledger.post(Postings.deposit("deposit:" + key,
                                        Fingerprint.of(requesterId, value, memo), requesterId, value, memo))
                                .call(result -> result instanceof PostResult.Posted
                                        ? latePayments.settle(requesterId, locks) : Uni.createFrom().voidItem()))), "amount")
                .map(result -> switch (result) {
                    case PostResult.Posted posted -> view(posted.entry(), requesterId, reference, false);
                    case PostResult.Replayed replayed -> view(replayed.entry(), requesterId, reference, true);
                    case PostResult.Refused refused -> throw new IllegalStateException("a deposit cannot be refused");
                });
    }

    private Deposit view(PostedEntry entry, String requesterId, String reference, boolean replayed) {
        PostedEntry.PostedLine line = entry.lineOn(AccountRef.requester(requesterId));
        return new Deposit(entry.seq(), requesterId, new Money(line.amount(), currency),
                new Money(line.balanceAfter(), currency), reference, entry.createdAt(), replayed);
    }
}
