package dev.crowd.worker.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.worker.ProfileRequest;
import dev.crowd.worker.config.WorkersConfig;
import dev.crowd.worker.service.QualificationService;
import dev.crowd.worker.service.SanctionService;
import dev.crowd.worker.service.TrustFormula;
import dev.crowd.worker.service.WorkerQueries;
import dev.crowd.worker.service.WorkerService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** The signed-in annotator's own profile, trust, qualifications, standing and appeals ({@code /api/workers/me} at the gateway). */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(CurrentUser.ANNOTATOR)
@Tag(name = "Annotator profile")
public class MeResource {

    private final CurrentUser user;
    private final WorkerService workers;
    private final WorkerQueries queries;
    private final QualificationService qualifications;
    private final SanctionService sanctions;
    private final WorkersConfig config;
    private final TrustFormula formula;

    public MeResource(CurrentUser user, WorkerService workers, WorkerQueries queries,
                      QualificationService qualifications, SanctionService sanctions, WorkersConfig config,
                      TrustFormula formula) {
        this.formula = formula;
        this.user = user;
        this.workers = workers;
        this.queries = queries;
        this.qualifications = qualifications;
        this.sanctions = sanctions;
        this.config = config;
    }

    @GET
    @Operation(summary = "My profile, standing (status, reason, active sanctions, how to appeal) and qualifications")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "404", description = "No profile yet: create it with PUT /workers/me")
    public Uni<Views.MyProfile> get() {
        return queries.own(user.id()).map(d -> new Views.MyProfile(Views.WorkerView.of(d.worker()),
                new Views.Standing(d.worker().status, d.worker().statusReason,
                        d.sanctions().stream().map(Views.SanctionView::of).toList(),
                        d.sanctions().isEmpty() ? null : config.appealInstructions()),
                d.qualifications().stream().map(Views.GrantView::of).toList()));
    }

    @PUT
    @Operation(summary = "Create or edit my profile",
            description = "The first PUT registers the annotator (WorkerRegistered); a change of skills is announced "
                    + "with the full eligibility state (WorkerProfileChanged).")
    @APIResponse(responseCode = "201", description = "Profile created")
    @APIResponse(responseCode = "200", description = "Profile updated")
    @APIResponse(responseCode = "400", description = "Unknown skill, language, country or time zone (problem+json naming the field)")
    public Uni<Response> put(@Valid @NotNull ProfileRequest request) {
        return workers.save(user.id(), request).map(saved -> saved.created()
                ? Response.created(URI.create("/me")).entity(Views.WorkerView.of(saved.worker())).build()
                : Response.ok(Views.WorkerView.of(saved.worker())).build());
    }

    @GET
    @Path("/trust")
    @Operation(summary = "My trust, how it is computed, and its history (newest first)")
    public Uni<Views.TrustView> trust(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return queries.trust(user.id(), limit).map(d -> new Views.TrustView(d.worker().trust, formula.describe(),
                d.trust().stream().map(Views.TrustPoint::of).toList()));
    }

    @GET
    @Path("/qualifications")
    @Operation(summary = "My qualifications and every test attempt with its score")
    public Uni<Views.MyQualifications> qualifications() {
        String me = user.id();
        return qualifications.grantsOf(me).chain(grants -> qualifications.attemptsOf(me)
                .map(attempts -> new Views.MyQualifications(grants.stream().map(Views.GrantView::of).toList(),
                        attempts.stream().map(Views.AttemptView::of).toList())));
    }

    @GET
    @Path("/sanctions")
    @Operation(summary = "Every sanction I received, active or not")
    public Uni<List<Views.SanctionView>> sanctions() {
        return sanctions.history(user.id()).map(list -> list.stream().map(Views.SanctionView::of).toList());
    }

    @POST
    @Path("/appeals")
    @Operation(summary = "Appeal against one of my active sanctions")
    @APIResponse(responseCode = "201", description = "Appeal filed")
    @APIResponse(responseCode = "404", description = "No such sanction of mine")
    @APIResponse(responseCode = "409", description = "Sanction not active, or an appeal is already open")
    public Uni<Response> appeal(@Valid @NotNull Requests.SanctionAppealRequest request) {
        return sanctions.appeal(user.id(), request.sanctionId(), request.message())
                .map(a -> Response.created(URI.create("/me/appeals/" + a.id)).entity(Views.SanctionAppealView.of(a)).build());
    }

    @GET
    @Path("/appeals")
    @Operation(summary = "My appeals and their outcome")
    public Uni<List<Views.SanctionAppealView>> appeals() {
        return sanctions.appealsOf(user.id()).map(list -> list.stream().map(Views.SanctionAppealView::of).toList());
    }
}
