package dev.crowd.payment.rest;

import dev.crowd.contracts.Money;
import dev.crowd.payment.config.PaymentConfig;
import dev.crowd.payment.service.DepositService;
import dev.crowd.payment.service.LatePaymentService;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.payment.service.DepositService.Deposit;
import dev.crowd.payment.service.LedgerCheckService;
import dev.crowd.platform.security.CurrentUser;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Admin: record deposits, check the ledger, see what requesters owe for late answers. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.ADMIN)
@Tag(name = "Ledger administration")
public class AdminLedgerResource {

    /**
     * @param amount   minor units (1/10,000 of the currency unit), e.g. 1000000 = 100.00
     * @param currency optional; must be the deployment's currency when given
     */
    public record DepositRequest(@NotBlank @Size(max = 200) String requesterId, @NotNull Long amount,
                                 @Size(min = 3, max = 3) String currency, @Size(max = 200) String reference) {
    }

    /** One late answer a requester owes: accepted after its job's escrow was released, not covered yet. */
    public record OwedAnswer(UUID jobId, String requesterId, UUID reviewEventId, UUID assignmentId, UUID itemId,
                             String workerId, Money reward, Money fee, Money amount, Instant owedSince) {
    }

    private final DepositService deposits;
    private final LedgerCheckService checks;
    private final LatePaymentService latePayments;
    private final PaymentConfig config;

    public AdminLedgerResource(DepositService deposits, LedgerCheckService checks, LatePaymentService latePayments,
                               PaymentConfig config) {
        this.deposits = deposits;
        this.checks = checks;
        this.latePayments = latePayments;
        this.config = config;
    }

    @POST
    @Path("/deposits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record money received for a requester", description = "As a bank transfer would. "
            + "The Idempotency-Key header is required: repeating a request with the same key moves nothing and "
            + "returns the original result (header Idempotent-Replayed: true); the same key with another body is a 409.")
    @APIResponse(responseCode = "201", description = "Deposited (or the original result of this key)")
    @APIResponse(responseCode = "400", description = "Missing key, missing or non-positive amount, wrong currency")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "409", description = "The key was used for a different deposit")
    public Uni<Response> deposit(@HeaderParam("Idempotency-Key") String idempotencyKey,
                                 @Valid @NotNull DepositRequest request) {
        return deposits.deposit(idempotencyKey, request.requesterId(), request.amount(), request.currency(),
                request.reference()).map(AdminLedgerResource::created);
    }

    @GET
    @Path("/ledger/check")
    @Operation(summary = "Check every ledger invariant", description = "Each entry sums to zero; all accounts sum "
            + "to zero; balances equal their lines; each escrow = funded - paid - fees - released; each job's "
            + "payments after its release equal its LATE_ITEM_PAYMENT entries; no balance that holds money for "
            + "someone is below zero; the hash chain verifies. Each with its result.")
    @APIResponse(responseCode = "200", description = "The report; ok is false when any check failed")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<LedgerCheckService.Report> check() {
        return checks.check();
    }

    @GET
    @Path("/late-payments")
    @Operation(summary = "Late answers owed by requesters", description = "Answers accepted after their job's "
            + "escrow was released that the requester's available balance did not cover, oldest first (the order "
            + "deposits pay them in); of one requester, or of everyone. Paid ones are not listed.")
    @APIResponse(responseCode = "200", description = "What is owed, oldest first")
    @APIResponse(responseCode = "400", description = "size is not between 1 and the maximum page size")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<List<OwedAnswer>> owed(@QueryParam("requesterId") String requesterId, @QueryParam("size") String size) {
        int limit = QueryParams.integer(size, "size", config.maxPageSize());
        if (limit < 1 || limit > config.maxPageSize()) {
            throw ProblemException.invalidField("size", "must be between 1 and " + config.maxPageSize());
        }
        String currency = config.currency();
        return latePayments.unpaid(requesterId == null || requesterId.isBlank() ? null : requesterId, limit)
                .map(owed -> owed.stream().map(o -> new OwedAnswer(o.jobId(), o.requesterId(), o.reviewEventId(),
                        o.item().assignmentId(), o.item().itemId(), o.item().workerId(),
                        new Money(o.item().reward(), currency), new Money(o.item().fee(), currency),
                        new Money(o.item().reward() + o.item().fee(), currency), o.owedSince())).toList());
    }

    private static Response created(Deposit deposit) {
        return Response.created(URI.create("/accounts/" + deposit.requesterId() + "/statement"))
                .header("Idempotent-Replayed", deposit.replayed())
                .entity(deposit).build();
    }
}
