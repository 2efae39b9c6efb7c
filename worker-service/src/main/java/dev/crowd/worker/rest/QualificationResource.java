package dev.crowd.worker.rest;

import dev.crowd.platform.security.CurrentUser;
import dev.crowd.worker.QualificationRequest;
import dev.crowd.worker.service.QualificationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Qualifications and their tests. Known answers never leave the service except to the owner and admins. */
@Path("/qualifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Qualifications")
public class QualificationResource {

    private final CurrentUser user;
    private final QualificationService qualifications;

    public QualificationResource(CurrentUser user, QualificationService qualifications) {
        this.user = user;
        this.qualifications = qualifications;
    }

    @POST
    @RolesAllowed({CurrentUser.REQUESTER, CurrentUser.ADMIN})
    @Operation(summary = "Define a qualification with its test",
            description = "Multiple-choice questions with known answers, a pass mark (1-100 %), a retake cool-down and an optional validity.")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "400", description = "Empty test, pass mark out of range, answer not among the options... (named in errors)")
    @APIResponse(responseCode = "409", description = "The code is taken")
    public Uni<Response> define(@Valid @NotNull QualificationRequest request) {
        return qualifications.define(request, user.id()).map(q -> Response
                .created(URI.create("/qualifications/" + q.id))
                .entity(new Views.QualificationDetail(Views.QualificationSummary.of(q), q.ownerId, q.questions)).build());
    }

    @GET
    @Authenticated
    @Operation(summary = "Every qualification (without questions)")
    public Uni<List<Views.QualificationSummary>> list() {
        return qualifications.list().map(list -> list.stream().map(Views.QualificationSummary::of).toList());
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "One qualification; its owner and admins also get the questions with their answers")
    @APIResponse(responseCode = "404", description = "No such qualification")
    public Uni<Views.QualificationDetail> get(@PathParam("id") UUID id) {
        return qualifications.find(id).map(q -> {
            boolean privileged = user.isAdmin() || q.ownerId.equals(user.id());
            return new Views.QualificationDetail(Views.QualificationSummary.of(q), privileged ? q.ownerId : null,
                    privileged ? q.questions : null);
        });
    }

    @GET
    @Path("/{id}/test")
    @RolesAllowed(CurrentUser.ANNOTATOR)
    @Operation(summary = "Take the test: the questions, without answers")
    @APIResponse(responseCode = "404", description = "No such qualification")
    @APIResponse(responseCode = "409", description = "Retake cool-down running (nextAttemptAt says until when)")
    public Uni<Views.TestView> test(@PathParam("id") UUID id) {
        return qualifications.testFor(id, user.id()).map(Views.TestView::of);
    }

    @POST
    @Path("/{id}/attempts")
    @RolesAllowed(CurrentUser.ANNOTATOR)
    @Operation(summary = "Submit answers; scored here; a pass grants the qualification",
            description = "Unanswered questions count as wrong. The attempt and its score are kept.")
    @APIResponse(responseCode = "201", description = "Scored")
    @APIResponse(responseCode = "400", description = "An answer names a question of another test")
    @APIResponse(responseCode = "409", description = "Retake cool-down running")
    public Uni<Response> attempt(@PathParam("id") UUID id, @Valid @NotNull Requests.AttemptRequest request) {
        return qualifications.attempt(id, user.id(), request.answers()).map(o -> Response
                .created(URI.create("/me/qualifications"))
                .entity(new Views.AttemptResult(Views.AttemptView.of(o.attempt()), o.qualification().code,
                        o.grant() != null, o.grant() == null ? null : o.grant().expiresAt, o.nextAttemptAt()))
                .build());
    }

}
