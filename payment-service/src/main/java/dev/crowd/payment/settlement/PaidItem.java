package dev.crowd.payment.settlement;

import java.util.UUID;

/** One accepted answer and what it pays: {@code reward} to its annotator, {@code fee} to the platform. */
public record PaidItem(UUID assignmentId, UUID itemId, String workerId, long reward, long fee) {

    /** The answer's identity, paid at most once: "assignment/item". */
    public String answer() {
        return assignmentId + "/" + itemId;
    }
}
