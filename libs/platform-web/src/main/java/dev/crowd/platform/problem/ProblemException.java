package dev.crowd.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by services for an expected failure a client must see as problem+json, e.g.
 * {@code throw ProblemException.conflict("job-not-draft", "Only a DRAFT job can be edited")}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException badRequest(String slug, String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, slug, "Invalid request", detail, errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return badRequest("invalid-field", field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " was not found", null);
    }

    public static ProblemException forbidden(String slug, String detail) {
        return new ProblemException(403, slug, "Forbidden", detail, null);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, null);
    }

    public static ProblemException gone(String slug, String detail) {
        return new ProblemException(410, slug, "Gone", detail, null);
    }

    public static ProblemException tooLarge(String slug, String detail) {
        return new ProblemException(413, slug, "Payload too large", detail, null);
    }

    /** Adds a problem-specific member to the response body. */
    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public Problem toProblem(String instance) {
        return new Problem(ProblemMappers.TYPE_BASE + slug, title, status, getMessage(), instance, errors,
                Map.copyOf(extensions));
    }

    public int status() {
        return status;
    }
}
