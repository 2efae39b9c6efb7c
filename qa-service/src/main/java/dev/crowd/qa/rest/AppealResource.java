package dev.crowd.qa.rest;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.security.CurrentUser;
import dev.crowd.qa.AnswerAppeal;
import dev.crowd.qa.rest.AppealViews.AppealView;
import dev.crowd.qa.rest.AppealViews.Decision;
import dev.crowd.qa.rest.AppealViews.NewAppeal;
import dev.crowd.qa.rest.AppealViews.Outcome;
import dev.crowd.qa.service.AppealService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Path("/appeals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Appeals")
public class AppealResource {

    private final CurrentUser user;
    private final AppealService appeals;

    public AppealResource(CurrentUser user, AppealService appeals) {
        this.user = user;
        this.appeals = appeals;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CurrentUser.ANNOTATOR)
    @Operation(summary = "Appeal the rejection of one of your answers")
    @APIResponse(responseCode = "201", description = "Appeal filed; Location points to it")
    @APIResponse(responseCode = "400", description = "Missing or invalid field")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not an annotator")
    @APIResponse(responseCode = "404", description = "No such answer of yours")
    @APIResponse(responseCode = "409", description = "The answer is not rejected, or already appealed")
    public Uni<Response> create(@Valid @NotNull NewAppeal request) {
        return appeals.create(user.id(), request.assignmentId(), request.itemId(), request.comment())
                .map(AppealView::of)
                .map(view -> Response.created(URI.create("/appeals/" + view.id())).entity(view).build());
    }

    @GET
    @RolesAllowed({CurrentUser.ADMIN, CurrentUser.ANNOTATOR})
    @Operation(summary = "Appeals", description = "Admins: the queue, oldest first (status=PENDING by default, "
            + "status=ALL for every one). Annotators: their own appeals, newest first.")
    @APIResponse(responseCode = "200", description = "Appeals")
    @APIResponse(responseCode = "400", description = "Unknown status")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Neither admin nor annotator")
    public Uni<List<AppealView>> list(@QueryParam("status") @DefaultValue("PENDING") String status,
                                      @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalidField("limit", "must be between 1 and 1000");
        }
        if (!user.isAdmin()) {
            return appeals.mine(user.id(), limit).map(AppealView::ofAll);
        }
        if (status.equalsIgnoreCase("ALL")) {
            return appeals.queue(null, limit).map(AppealView::ofAll);
        }
        AnswerAppeal.Status wanted;
        try {
            wanted = AnswerAppeal.Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be PENDING, UPHELD, DENIED or ALL");
        }
        return appeals.queue(wanted, limit).map(AppealView::ofAll);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({CurrentUser.ADMIN, CurrentUser.ANNOTATOR})
    @Operation(summary = "One appeal (yours, or any for admins)")
    @APIResponse(responseCode = "200", description = "The appeal")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Neither admin nor annotator")
    @APIResponse(responseCode = "404", description = "No such appeal of yours")
    public Uni<AppealView> get(@PathParam("id") UUID id) {
        return appeals.get(id, user.id(), user.isAdmin()).map(AppealView::of);
    }

    @POST
    @Path("/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CurrentUser.ADMIN)
    @Operation(summary = "Uphold or deny an appeal",
            description = "UPHOLD accepts the answer and publishes a corrective AnswersReviewed, so it gets paid.")
    @APIResponse(responseCode = "200", description = "Decided")
    @APIResponse(responseCode = "400", description = "Missing or invalid field")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such appeal")
    @APIResponse(responseCode = "409", description = "Already decided")
    public Uni<AppealView> decide(@PathParam("id") UUID id, @Valid @NotNull Decision decision) {
        return appeals.decide(id, user.id(), decision.outcome() == Outcome.UPHOLD, decision.comment())
                .map(AppealView::of);
    }
}
