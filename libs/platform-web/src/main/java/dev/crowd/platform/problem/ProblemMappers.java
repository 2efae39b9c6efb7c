package dev.crowd.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure into RFC 9457 problem+json. Clients never see a class name or a stack trace:
 * an unexpected error is logged with an id and answered with that id only.
 */
public class ProblemMappers {

    static final String TYPE_BASE = "https://crowd.dev/problems/";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(TYPE_BASE + "validation", "Invalid request", 400, detail, path(uri), errors, null));
    }

    @ServerExceptionMapper({JsonProcessingException.class})
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = "";
        if (e instanceof JsonMappingException mapping) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String reason = e.getOriginalMessage();
        if (reason != null) {
            // Jackson names Java classes in its messages; keep only the part meant for people.
            reason = reason.replaceAll("`[\\w.$]+`", "value").replaceAll("\\(class [^)]*\\)", "");
        }
        String detail = field.isEmpty() ? "Malformed JSON: " + reason : field + ": " + reason;
        List<Problem.FieldError> errors = field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, reason));
        return respond(new Problem(TYPE_BASE + "malformed-json", "Malformed request body", 400, detail, path(uri),
                errors, null));
    }

    /**
     * Quarkus registers built-in mappers for these narrower Jackson exceptions (a value of the wrong
     * type, broken JSON); they would answer plain JSON, so the same problem+json is given here first.
     */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response brokenJson(JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        Problem problem = new Problem(TYPE_BASE + "unauthorized", "Unauthorized", 401,
                "A valid bearer token is required", path(uri), null, null);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(problem).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(TYPE_BASE + "forbidden", "Forbidden", 403,
                "Your role does not allow this", path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "Cannot produce the requested media type";
            case 415 -> "Unsupported media type";
            default -> e.getMessage() != null && !e.getMessage().startsWith("HTTP ") ? e.getMessage() : title;
        };
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return respond(new Problem(TYPE_BASE + slug(title), title, status, detail, path(uri), null, null));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (TransientFailures.isTransient(e)) {
            // PostgreSQL restarting, a dropped connection, a deadlock victim: nothing is wrong with the
            // request, and the same request will very likely succeed in a moment.
            LOG.warnf("temporarily unavailable on %s: %s", path(uri), TransientFailures.describe(e));
            Problem problem = new Problem(TYPE_BASE + "unavailable", "Service temporarily unavailable", 503,
                    "A store this service depends on is briefly unavailable; retry the request shortly",
                    path(uri), null, null);
            return Response.status(503).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, "1")
                    .entity(problem).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s", errorId, path(uri));
        return respond(new Problem(TYPE_BASE + "internal", "Internal error", 500,
                "Unexpected error; quote error id " + errorId, path(uri), null, Map.of("errorId", errorId)));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    /**
     * The path of a violation as the client knows it: "create.request.labels[2].key" becomes
     * "labels[2].key" (the method and the body parameter are ours, not the client's), while a violated
     * query or path parameter keeps its own name ("size").
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean bodyParameter = node.getKind() == ElementKind.PARAMETER && i + 1 < nodes.size();
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CROSS_PARAMETER || bodyParameter) {
                continue;
            }
            if (node.isInIterable()) {
                // the index (or map key) of this node within the collection named just before it
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
