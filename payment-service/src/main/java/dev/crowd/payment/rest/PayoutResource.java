package dev.crowd.payment.rest;

import dev.crowd.payment.service.PayoutService;
import dev.crowd.payment.service.PayoutService.PayoutView;
import dev.crowd.platform.security.CurrentUser;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** An annotator withdraws earned money. */
@Path("/payouts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payouts")
public class PayoutResource {

    /** @param amount minor units (1/10,000 of the currency unit), at least the configured minimum */
    public record PayoutRequest(@NotNull Long amount, @Size(min = 3, max = 3) String currency) {
    }

    private final PayoutService payouts;
    private final CurrentUser user;

    public PayoutResource(PayoutService payouts, CurrentUser user) {
        this.payouts = payouts;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CurrentUser.ANNOTATOR)
    @Operation(summary = "Withdraw available money", description = "Moves the amount from the available balance "
            + "into transit until the next payout batch is confirmed. Idempotency-Key header required: a repeat "
            + "returns the original payout (Idempotent-Replayed: true).")
    @APIResponse(responseCode = "201", description = "Requested")
    @APIResponse(responseCode = "400", description = "Missing key, amount below the minimum, wrong currency")
    @APIResponse(responseCode = "409", description = "Insufficient available balance, or the key was used for another amount")
    public Uni<Response> request(@HeaderParam("Idempotency-Key") String idempotencyKey,
                                 @Valid @NotNull PayoutRequest request) {
        return payouts.request(user.id(), idempotencyKey, request.amount(), request.currency())
                .map(p -> Response.created(URI.create("/payouts/" + p.id()))
                        .header("Idempotent-Replayed", p.replayed()).entity(p).build());
    }

    @GET
    @RolesAllowed(CurrentUser.ANNOTATOR)
    @Operation(summary = "The caller's payouts, newest first")
    @APIResponse(responseCode = "200", description = "One page of payouts")
    public Uni<List<PayoutView>> mine(@QueryParam("page") String page, @QueryParam("size") String size) {
        return payouts.mine(user.id(), QueryParams.integer(page, "page", 0), QueryParams.integer(size, "size", 50));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({CurrentUser.ANNOTATOR, CurrentUser.ADMIN})
    @Operation(summary = "One payout")
    @APIResponse(responseCode = "200", description = "The payout")
    @APIResponse(responseCode = "404", description = "Unknown, or not the caller's")
    public Uni<PayoutView> get(@PathParam("id") String id) {
        return payouts.get(QueryParams.uuid(id, "id"), user.id(), user.isAdmin());
    }
}
