package dev.crowd.task.rest;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.platform.security.CurrentUser;
import dev.crowd.task.imports.ItemFormat;
import dev.crowd.task.service.ItemImporter;
import dev.crowd.task.service.ItemImporter.ImportResult;
import dev.crowd.task.service.ResultsWriter;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.UUID;

/** Item uploads and result downloads of a requester's job; both stream. */
@Path("/jobs/{id}")
@RolesAllowed(CurrentUser.REQUESTER)
@Tag(name = "items")
public class ItemResource {

    private final CurrentUser user;
    private final ItemImporter importer;
    private final ResultsWriter results;

    public ItemResource(CurrentUser user, ItemImporter importer, ResultsWriter results) {
        this.user = user;
        this.importer = importer;
        this.results = results;
    }

    @POST
    @Path("items")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload items (CSV, JSONL or Label Studio JSON) to a DRAFT job, all or nothing",
            description = "The format comes from `format` (csv|jsonl|labelstudio) or the Content-Type (text/csv, "
                    + "application/x-ndjson, application/json). A `gold_label` column/field makes a row a gold item; "
                    + "`gold=true` requires it on every row. `id` or `external_id` is kept as the item's external id.")
    @APIResponse(responseCode = "200", description = "Imported counts")
    @APIResponse(responseCode = "400", description = "Bad rows (errors with line, field and reason); nothing imported")
    @APIResponse(responseCode = "409", description = "The job is not a DRAFT")
    @APIResponse(responseCode = "413", description = "The upload is larger than the configured limit")
    public ImportResult upload(@PathParam("id") UUID id, @QueryParam("format") String format,
                               @QueryParam("gold") boolean gold,
                               @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                               InputStream body) {
        String requester = user.id();
        ItemFormat itemFormat = ItemFormat.of(format, contentType);
        if (itemFormat == null) {
            throw ProblemException.invalidField("format",
                    "use format=csv|jsonl|labelstudio or Content-Type text/csv, application/x-ndjson or application/json");
        }
        return importer.importItems(requester, id, itemFormat, gold, contentLength, body);
    }

    @GET
    @Path("results")
    @Blocking
    @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Download results: label, confidence, judgments and agreement per item (streamed)")
    @APIResponse(responseCode = "200", description = "csv, jsonl (default) or labelstudio")
    @APIResponse(responseCode = "400", description = "Unknown format")
    public Response download(@PathParam("id") UUID id, @QueryParam("format") String format) {
        ResultsWriter.Format f = ResultsWriter.Format.of(format);
        results.requireOwn(user.id(), id);
        StreamingOutput stream = out -> results.write(id, f, out);
        String extension = switch (f) {
            case CSV -> "csv";
            case JSONL -> "jsonl";
            case LABELSTUDIO -> "json";
        };
        return Response.ok(stream, f.mediaType)
                .header("Content-Disposition", "attachment; filename=\"job-" + id + "-results." + extension + "\"")
                .build();
    }
}
