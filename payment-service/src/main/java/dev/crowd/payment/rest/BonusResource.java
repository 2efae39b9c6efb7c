package dev.crowd.payment.rest;

import dev.crowd.payment.service.BonusService;
import dev.crowd.platform.security.CurrentUser;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import java.util.UUID;

/** A requester rewards an annotator beyond the per-item price. */
@Path("/bonuses")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bonuses")
public class BonusResource {

    public record BonusRequest(@NotNull UUID jobId, @NotBlank @Size(max = 200) String workerId, @NotNull Long amount,
                               @Size(min = 3, max = 3) String currency, @Size(max = 500) String note) {
    }

    private final BonusService bonuses;
    private final CurrentUser user;

    public BonusResource(BonusService bonuses, CurrentUser user) {
        this.bonuses = bonuses;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CurrentUser.REQUESTER)
    @Operation(summary = "Send a bonus", description = "To an annotator who worked on one of the caller's jobs, from "
            + "the caller's available balance; the platform fee (crowd.payment.bonus-fee-basis-points) is added. "
            + "Idempotency-Key header required.")
    @APIResponse(responseCode = "201", description = "Sent (or the original result of this key)")
    @APIResponse(responseCode = "400", description = "Invalid amount, or the worker did not work on the job")
    @APIResponse(responseCode = "404", description = "Unknown job, or not the caller's")
    @APIResponse(responseCode = "409", description = "Insufficient available balance, or the key was used for another bonus")
    public Uni<Response> send(@HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull BonusRequest request) {
        return bonuses.send(user.id(), idempotencyKey, request.jobId(), request.workerId(), request.amount(),
                        request.currency(), request.note())
                .map(b -> Response.created(URI.create("/accounts/me/statement?kind=BONUS"))
                        .header("Idempotent-Replayed", b.replayed()).entity(b).build());
    }
}
