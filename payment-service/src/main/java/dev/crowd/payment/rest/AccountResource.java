package dev.crowd.payment.rest;

import dev.crowd.payment.ledger.AccountKind;
import dev.crowd.payment.service.AccountService;
import dev.crowd.payment.service.AccountService.Accounts;
import dev.crowd.payment.service.AccountService.JobSpend;
import dev.crowd.payment.service.AccountService.Page;
import dev.crowd.payment.service.AccountService.StatementLine;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.security.CurrentUser;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/** The caller's money: balances, statement, and (requesters) what each job cost. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountResource {

    private final AccountService accounts;
    private final CurrentUser user;

    public AccountResource(AccountService accounts, CurrentUser user) {
        this.accounts = accounts;
        this.user = user;
    }

    @GET
    @Path("/me")
    @RolesAllowed({CurrentUser.REQUESTER, CurrentUser.ANNOTATOR, CurrentUser.ADMIN})
    @Operation(summary = "The caller's balances", description = "Available balance (requester and/or annotator) "
            + "and payouts in transit, in minor units of 1/10,000 of the deployment's currency.")
    @APIResponse(responseCode = "200", description = "Balances")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    public Uni<Accounts> me() {
        List<AccountKind> implied = new ArrayList<>();
        if (user.hasRole(CurrentUser.REQUESTER)) {
            implied.add(AccountKind.REQUESTER_AVAILABLE);
        }
        if (user.hasRole(CurrentUser.ANNOTATOR)) {
            implied.add(AccountKind.ANNOTATOR_AVAILABLE);
        }
        return accounts.accounts(user.id(), implied);
    }

    @GET
    @Path("/me/statement")
    @RolesAllowed({CurrentUser.REQUESTER, CurrentUser.ANNOTATOR, CurrentUser.ADMIN})
    @Operation(summary = "The caller's statement", description = "Ledger lines on the caller's accounts, newest "
            + "first. Filters: from/to (date or instant; to is exclusive for instants, inclusive for dates), "
            + "kind (DEPOSIT, JOB_FUNDING, ITEM_PAYMENT, LATE_ITEM_PAYMENT, ESCROW_RELEASE, BONUS, PAYOUT_REQUEST, "
            + "PAYOUT_SETTLED, PAYOUT_RETURNED).")
    @APIResponse(responseCode = "200", description = "One page of statement lines")
    @APIResponse(responseCode = "400", description = "A filter or paging parameter is invalid")
    public Uni<Page<StatementLine>> myStatement(@QueryParam("from") String from, @QueryParam("to") String to,
                                                @QueryParam("kind") String kind, @QueryParam("page") String page,
                                                @QueryParam("size") String size) {
        return statement(user.id(), from, to, kind, page, size);
    }

    @GET
    @Path("/{ownerId}/statement")
    @RolesAllowed({CurrentUser.REQUESTER, CurrentUser.ANNOTATOR, CurrentUser.ADMIN})
    @Operation(summary = "A user's statement", description = "Admins read anyone's; others only their own.")
    @APIResponse(responseCode = "200", description = "One page of statement lines")
    @APIResponse(responseCode = "404", description = "Not the caller's statement")
    public Uni<Page<StatementLine>> statementOf(@PathParam("ownerId") String ownerId, @QueryParam("from") String from,
                                                @QueryParam("to") String to, @QueryParam("kind") String kind,
                                                @QueryParam("page") String page, @QueryParam("size") String size) {
        if (!user.isAdmin() && !user.id().equals(ownerId)) {
            throw ProblemException.notFound("Statement of " + ownerId);
        }
        return statement(ownerId, from, to, kind, page, size);
    }

    @GET
    @Path("/me/jobs")
    @RolesAllowed(CurrentUser.REQUESTER)
    @Operation(summary = "What each of the requester's jobs cost", description = "Budget, rewards and fees paid, "
            + "items paid, bonuses, released and still in escrow, paid after the release and still owed for "
            + "answers accepted after it, per job, newest first.")
    @APIResponse(responseCode = "200", description = "One page of jobs")
    public Uni<Page<JobSpend>> mySpend(@QueryParam("page") String page, @QueryParam("size") String size) {
        return accounts.spend(user.id(), QueryParams.integer(page, "page", 0), QueryParams.integer(size, "size", 50));
    }

    @GET
    @Path("/me/jobs/{jobId}")
    @RolesAllowed(CurrentUser.REQUESTER)
    @Operation(summary = "What one job cost")
    @APIResponse(responseCode = "200", description = "The job's spend")
    @APIResponse(responseCode = "404", description = "Unknown job or not the caller's")
    public Uni<JobSpend> jobSpend(@PathParam("jobId") String jobId) {
        return accounts.spend(user.id(), QueryParams.uuid(jobId, "jobId"));
    }

    private Uni<Page<StatementLine>> statement(String owner, String from, String to, String kind, String page,
                                               String size) {
        return accounts.statement(owner, QueryParams.statementFilter(from, to, kind),
                QueryParams.integer(page, "page", 0), QueryParams.integer(size, "size", 50));
    }
}
