package dev.crowd.contracts.payments;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;

/** Events on {@code crowd.payments}, keyed by job id (payouts: by worker id). Produced by payment-service. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(JobFunded.class),
        @JsonSubTypes.Type(JobFundingRejected.class),
        @JsonSubTypes.Type(ItemsPaid.class),
        @JsonSubTypes.Type(EscrowReleased.class),
        @JsonSubTypes.Type(PayoutCompleted.class)
})
public sealed interface PaymentEvent extends CrowdEvent
        permits JobFunded, JobFundingRejected, ItemsPaid, EscrowReleased, PayoutCompleted {

    @Override
    default String topic() {
        return Topics.PAYMENTS;
    }
}
