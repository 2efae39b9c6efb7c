package dev.crowd.payment.rest;

import dev.crowd.payment.service.DepositService;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Admin: record deposits, check the ledger. */
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

    private final DepositService deposits;
    private final LedgerCheckService checks;

    public AdminLedgerResource(DepositService deposits, LedgerCheckService checks) {
        this.deposits = deposits;
        this.checks = checks;
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
            + "to zero; balances equal their lines; each escrow = funded - paid - fees - released; no balance "
            + "that holds money for someone is below zero; the hash chain verifies. Each with its result.")
    @APIResponse(responseCode = "200", description = "The report; ok is false when any check failed")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<LedgerCheckService.Report> check() {
        return checks.check();
    }

    private static Response created(Deposit deposit) {
        return Response.created(URI.create("/accounts/" + deposit.requesterId() + "/statement"))
                .header("Idempotent-Replayed", deposit.replayed())
                .entity(deposit).build();
    }
}
