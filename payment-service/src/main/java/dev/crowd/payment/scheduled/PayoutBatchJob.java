package dev.crowd.payment.scheduled;

import dev.crowd.payment.service.PayoutService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The daily payout batch: every requested payout goes to the provider in one batch ({@code payout.batch-cron}). */
@ApplicationScoped
public class PayoutBatchJob {

    private static final Logger LOG = Logger.getLogger(PayoutBatchJob.class);

    private final PayoutService payouts;

    public PayoutBatchJob(PayoutService payouts) {
        this.payouts = payouts;
    }

    @Scheduled(cron = "${crowd.payment.payout.batch-cron:0 0 16 * * ?}", identity = "daily-payout-batch",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dailyBatch() {
        return payouts.createBatch().invoke(batch -> {
            if (batch != null) {
                LOG.infof("payout batch %s: %d payouts, %s", batch.id(), batch.payoutCount(), batch.total().toDisplayString());
            }
        }).replaceWithVoid();
    }
}
