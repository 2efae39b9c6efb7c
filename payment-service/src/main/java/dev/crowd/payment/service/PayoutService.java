package dev.crowd.payment.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.crowd.contracts.Money;
import dev.crowd.contracts.payments.PayoutCompleted;
import dev.crowd.payment.Payout;
import dev.crowd.payment.PayoutBatch;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.ledger.PostResult;
import dev.crowd.payment.ledger.Postings;
import dev.crowd.payment.ledger.Shortfall;
import dev.crowd.payment.payout.PayoutProvider;
import dev.crowd.payment.repository.PayoutRepository;
import dev.crowd.payment.repository.WorkerStandingRepository;
import dev.crowd.payment.repository.WorkerStandingRepository.Standing;
import dev.crowd.platform.outbox.Outbox;
import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Withdrawals. A request moves the money from the annotator's available balance into transit; the daily
 * batch hands requested payouts to the {@link PayoutProvider}; an admin confirms the batch with the
 * payouts that failed: the others are settled (the money left: PayoutCompleted), the failed ones return
 * the money to the annotator's available balance.
 */
@ApplicationScoped
public class PayoutService {

    private static final Logger LOG = Logger.getLogger(PayoutService.class);

    public record PayoutView(UUID id, String workerId, Money amount, Payout.Status status, UUID batchId,
                             String failureReason, Instant requestedAt, Instant completedAt,
                             @JsonIgnore boolean replayed) {
    }

    public record BatchView(UUID id, String provider, String reference, PayoutBatch.Status status, int payoutCount,
                            Money total, Instant createdAt, Instant confirmedAt, List<PayoutView> payouts) {
    }

    private final LedgerService ledger;
    private final PayoutRepository payouts;
    private final PayoutProvider provider;
    private final Outbox outbox;
    private final PaymentConfig config;
    private final WorkerStandingRepository standings;

    public PayoutService(LedgerService ledger, PayoutRepository payouts, PayoutProvider provider, Outbox outbox,
                         PaymentConfig config, WorkerStandingRepository standings) {
        this.standings = standings;
        this.ledger = ledger;
        this.payouts = payouts;
        this.provider = provider;
        this.outbox = outbox;
        this.config = config;
    }

    public Uni<PayoutView> request(String workerId, String idempotencyKey, Long amount, String currency) {
        String key = Amounts.requireKey(idempotencyKey);
        long value = Amounts.requirePositive(amount, currency, config.currency(), "amount");
        if (value < config.payout().minimum()) {
            throw ProblemException.invalidField("amount", "must be at least " + money(config.payout().minimum()).toDisplayString());
        }
        // the payout id follows from the caller's key: a replay finds the same payout
        UUID payoutId = UUID.nameUUIDFromBytes(("payout:" + workerId + ":" + key).getBytes(StandardCharsets.UTF_8));
        return Panache.withTransaction(() -> standings.find(workerId).chain(standing -> {
                    requireInGoodStanding(standing);
                    return ledger.post(Postings.payoutRequest("payout:" + payoutId + ":request",
                            Fingerprint.of(workerId, value), payoutId, workerId, value));
                })
                .chain(result -> switch (result) {
                    case PostResult.Posted posted -> payouts.insert(payoutId, workerId, value, config.currency())
                            .chain(() -> payouts.find(payoutId)).map(p -> view(p, false));
                    case PostResult.Replayed replayed -> payouts.find(payoutId).map(p -> view(p, true));
                    case PostResult.Refused refused -> throw insufficient(refused.shortfall());
                }));
    }

    public Uni<List<PayoutView>> mine(String workerId, int page, int size) {
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw ProblemException.invalidField(page < 0 ? "page" : "size", "is out of range");
        }
        return Panache.withSession(() -> payouts.byWorker(workerId, page * size, size))
                .map(list -> list.stream().map(p -> view(p, false)).toList());
    }

    /** One payout: 404 unless it is the caller's (admins see all). */
    public Uni<PayoutView> get(UUID payoutId, String callerId, boolean admin) {
        return Panache.withSession(() -> payouts.find(payoutId)).map(p -> {
            if (p == null || (!admin && !p.workerId().equals(callerId))) {
                throw ProblemException.notFound("Payout " + payoutId);
            }
            return view(p, false);
        });
    }

    /** Cuts a batch now of every requested payout; null when there is none. */
    public Uni<BatchView> createBatch() {
        return Panache.withTransaction(() -> payouts.lockRequested().chain(requested -> {
            if (requested.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            UUID batchId = UUID.randomUUID();
            long total = requested.stream().mapToLong(Payout::amount).sum();
            PayoutBatch batch = new PayoutBatch(batchId, provider.name(), null, PayoutBatch.Status.SUBMITTED,
                    requested.size(), total, Instant.now().truncatedTo(ChronoUnit.MICROS), null);
            return payouts.insertBatch(batchId, provider.name(), requested.size(), total)
                    .chain(() -> payouts.assignBatch(batchId, requested.stream().map(Payout::id).toList()))
                    .chain(() -> provider.submit(batch, requested))
                    .chain(reference -> payouts.setBatchReference(batchId, reference))
                    .chain(() -> batch(batchId, false));
        }));
    }

    public Uni<BatchView> getBatch(UUID batchId) {
        return Panache.withSession(() -> batch(batchId, false)).map(b -> {
            if (b == null) {
                throw ProblemException.notFound("Payout batch " + batchId);
            }
            return b;
        });
    }

    public Uni<List<BatchView>> batches(int page, int size) {
        return Panache.withSession(() -> payouts.batches(page * size, size)).map(list -> list.stream()
                .map(b -> batchView(b, List.of())).toList());
    }

    /** The bank file of a batch, rebuilt from its payouts. */
    public Uni<String> batchFile(UUID batchId) {
        return Panache.withSession(() -> payouts.findBatch(batchId, false).chain(batch -> {
            if (batch == null) {
                throw ProblemException.notFound("Payout batch " + batchId);
            }
            return payouts.inBatch(batchId, false).map(list -> provider.render(batch, list));
        }));
    }

    /**
     * The provider's outcome: {@code failures} maps each failed payout to its reason; every other payout of
     * the batch was paid. A batch is confirmed once.
     */
    public Uni<BatchView> confirm(UUID batchId, Map<UUID, String> failures) {
        return Panache.withTransaction(() -> payouts.findBatch(batchId, true).chain(batch -> {
            if (batch == null) {
                throw ProblemException.notFound("Payout batch " + batchId);
            }
            if (batch.status() == PayoutBatch.Status.CONFIRMED) {
                throw ProblemException.conflict("batch-already-confirmed", "Payout batch " + batchId + " was already confirmed");
            }
            return payouts.inBatch(batchId, true).chain(list -> {
                Set<UUID> inBatch = new HashSet<>(list.stream().map(Payout::id).toList());
                List<Problem.FieldError> unknown = new ArrayList<>();
                failures.keySet().stream().filter(id -> !inBatch.contains(id)).forEach(id ->
                        unknown.add(new Problem.FieldError("failures." + id, "is not a payout of this batch")));
                if (!unknown.isEmpty()) {
                    throw ProblemException.badRequest("invalid-field", "Unknown payouts in failures", unknown);
                }
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (Payout payout : list) {
                    String reason = failures.get(payout.id());
                    chain = chain.chain(() -> reason != null ? fail(payout, reason) : settle(payout));
                }
                return chain.chain(() -> payouts.confirmBatch(batchId)).chain(() -> batch(batchId, false));
            });
        }));
    }

    private Uni<Void> settle(Payout payout) {
        return ledger.post(Postings.payoutSettled(payout.id(), payout.workerId(), payout.amount()))
                .chain(result -> requirePosted(result, payout))
                .chain(() -> payouts.complete(payout.id(), Payout.Status.PAID, null))
                .chain(() -> outbox.publish(new PayoutCompleted(UUID.randomUUID(), Instant.now(), payout.id(),
                        payout.workerId(), money(payout.amount()))));
    }

    private Uni<Void> fail(Payout payout, String reason) {
        String why = reason.isBlank() ? "rejected by the bank" : reason;
        return ledger.post(Postings.payoutReturned(payout.id(), payout.workerId(), payout.amount(), why))
                .chain(result -> requirePosted(result, payout))
                .chain(() -> payouts.complete(payout.id(), Payout.Status.FAILED, why));
    }

    private static Uni<Void> requirePosted(PostResult result, Payout payout) {
        if (result instanceof PostResult.Refused refused) {
            return Uni.createFrom().failure(new IllegalStateException("payout " + payout.id()
                    + " is not in transit: " + refused.shortfall()));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<BatchView> batch(UUID batchId, boolean forUpdate) {
        return payouts.findBatch(batchId, forUpdate).chain(batch -> batch == null
                ? Uni.createFrom().nullItem()
                : payouts.inBatch(batchId, false).map(list -> batchView(batch, list)));
    }

    private BatchView batchView(PayoutBatch b, List<Payout> list) {
        return new BatchView(b.id(), b.provider(), b.reference(), b.status(), b.payoutCount(), money(b.total()),
                b.createdAt(), b.confirmedAt(), list.stream().map(p -> view(p, false)).toList());
    }

    private PayoutView view(Payout p, boolean replayed) {
        return new PayoutView(p.id(), p.workerId(), money(p.amount()), p.status(), p.batchId(), p.failureReason(),
                p.requestedAt(), p.completedAt(), replayed);
    }

    /**
     * A suspended or banned annotator's balance is held: no payout until worker-service reinstates them
     * (WorkerProfileChanged ACTIVE) or an admin decides. 403, with the status and its reason.
     */
    private static void requireInGoodStanding(Standing standing) {
        switch (standing.status()) {
            case ACTIVE -> {
            }
            case SUSPENDED, BANNED -> throw ProblemException.forbidden("payouts-held", "Your account is "
                    + standing.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (standing.reason() == null ? "" : " (" + standing.reason() + ")")
                    + ": payouts are held, and your balance is kept until you are reinstated or an admin decides.");
        }
    }

    static ProblemException insufficient(Shortfall shortfall) {
        return ProblemException.conflict("insufficient-funds", "The available balance is "
                        + BalanceText.of(shortfall.available()) + ", this needs " + BalanceText.of(shortfall.required()))
                .with("available", shortfall.available())
                .with("required", shortfall.required())
                .with("shortfall", shortfall.missing());
    }

    private Money money(long amount) {
        return new Money(amount, config.currency());
    }

    /** Decimal text of a minor-unit amount, for messages. */
    static final class BalanceText {
        static String of(long amount) {
            return java.math.BigDecimal.valueOf(amount, Money.SCALE).toPlainString();
        }
    }
}
