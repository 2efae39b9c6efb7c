package dev.crowd.payment.payout;

import dev.crowd.payment.Payout;
import dev.crowd.payment.PayoutBatch;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * Moves money out of the platform to annotators. The platform hands it a batch of payouts; the outcome
 * (paid, or failed with a reason) comes back later, for the bank file through an admin's confirmation.
 */
public interface PayoutProvider {

    /** Short name stored with each batch, e.g. {@code bank-file}. */
    String name();

    /** Hands the batch over; returns the provider's reference for it (e.g. the file written). */
    Uni<String> submit(PayoutBatch batch, List<Payout> payouts);

    /** The batch as the provider's document (the bank file's content), rebuilt from the payouts. */
    String render(PayoutBatch batch, List<Payout> payouts);
}
