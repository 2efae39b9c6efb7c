package dev.crowd.payment.rest;

import dev.crowd.payment.service.PayoutService;
import dev.crowd.payment.service.PayoutService.BatchView;
import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.security.CurrentUser;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Admin: payout batches (the bank files) and their confirmation. */
@Path("/admin/payout-batches")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.ADMIN)
@Tag(name = "Payout administration")
public class AdminPayoutResource {

    public record Failure(@NotNull String payoutId, @Size(max = 500) String reason) {
    }

    /** @param failures the payouts the bank could not pay; every other payout of the batch was paid */
    public record Confirmation(@Valid List<@NotNull Failure> failures) {
    }

    private final PayoutService payouts;

    public AdminPayoutResource(PayoutService payouts) {
        this.payouts = payouts;
    }

    @POST
    @Operation(summary = "Cut a payout batch now", description = "What the daily schedule does: every requested "
            + "payout goes into one batch handed to the payout provider (the bank file is written).")
    @APIResponse(responseCode = "201", description = "The batch")
    @APIResponse(responseCode = "204", description = "No payout was waiting")
    public Uni<Response> cut() {
        return payouts.createBatch().map(batch -> batch == null ? Response.noContent().build()
                : Response.created(URI.create("/admin/payout-batches/" + batch.id())).entity(batch).build());
    }

    @GET
    @Operation(summary = "Payout batches, newest first")
    @APIResponse(responseCode = "200", description = "One page of batches")
    public Uni<List<BatchView>> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        int p = QueryParams.integer(page, "page", 0);
        int s = QueryParams.integer(size, "size", 50);
        if (p < 0 || s < 1 || s > 200) {
            throw ProblemException.invalidField(p < 0 ? "page" : "size", "is out of range");
        }
        return payouts.batches(p, s);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One batch with its payouts")
    @APIResponse(responseCode = "200", description = "The batch")
    @APIResponse(responseCode = "404", description = "Unknown batch")
    public Uni<BatchView> get(@PathParam("id") String id) {
        return payouts.getBatch(QueryParams.uuid(id, "id"));
    }

    @GET
    @Path("/{id}/file")
    @Produces("text/csv")
    @Operation(summary = "The batch's bank file (CSV)")
    @APIResponse(responseCode = "200", description = "payout_id,worker_id,amount,currency,requested_at")
    @APIResponse(responseCode = "404", description = "Unknown batch")
    public Uni<String> file(@PathParam("id") String id) {
        return payouts.batchFile(QueryParams.uuid(id, "id"));
    }

    @POST
    @Path("/{id}/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the bank's outcome", description = "The listed payouts failed (their money returns "
            + "to the annotators' available balances); all others were paid (PayoutCompleted each).")
    @APIResponse(responseCode = "200", description = "The confirmed batch")
    @APIResponse(responseCode = "400", description = "A failure names a payout that is not in this batch")
    @APIResponse(responseCode = "404", description = "Unknown batch")
    @APIResponse(responseCode = "409", description = "Already confirmed")
    public Uni<BatchView> confirm(@PathParam("id") String id, @Valid Confirmation confirmation) {
        Map<UUID, String> failures = new LinkedHashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Failure> list = confirmation == null || confirmation.failures() == null ? List.of() : confirmation.failures();
        for (int i = 0; i < list.size(); i++) {
            try {
                failures.put(UUID.fromString(list.get(i).payoutId()), list.get(i).reason() == null ? "" : list.get(i).reason());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("failures[" + i + "].payoutId", "must be a UUID"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-field", "Invalid failures", errors);
        }
        return payouts.confirm(QueryParams.uuid(id, "id"), failures);
    }
}
