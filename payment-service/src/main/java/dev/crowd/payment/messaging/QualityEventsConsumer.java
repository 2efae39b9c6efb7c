package dev.crowd.payment.messaging;

import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.payment.service.EscrowService;
import dev.crowd.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** crowd.quality: pay accepted answers (AnswersReviewed); the other quality events are not about money. */
@ApplicationScoped
public class QualityEventsConsumer {

    private final Inbox inbox;
    private final EscrowService escrow;

    public QualityEventsConsumer(Inbox inbox, EscrowService escrow) {
        this.inbox = inbox;
        this.escrow = escrow;
    }

    @Incoming("quality")
    public Uni<Void> onQualityEvent(Message<String> message) {
        return inbox.handle(message, QualityEvent.class, event -> switch (event) {
            case AnswersReviewed reviewed -> escrow.pay(reviewed);
            default -> Uni.createFrom().voidItem();
        });
    }
}
