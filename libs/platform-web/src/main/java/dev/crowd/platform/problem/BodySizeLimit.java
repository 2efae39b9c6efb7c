package dev.crowd.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a request whose declared Content-Length is over {@code quarkus.http.limits.max-body-size} with a
 * 413 problem+json before the body is read. Without it the HTTP layer answers the same 413 with an empty
 * body and cuts the connection, which leaves the client guessing.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max,
                         ObjectMapper json) {
        this.json = json;
        this.maxBytes = max.map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1; // the HTTP layer refuses a malformed length itself
            }
            if (length <= maxBytes) {
                rc.next();
                return;
            }
            Problem problem = new Problem(ProblemMappers.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                    "The request body is " + length + " bytes; this service takes at most " + maxBytes + " bytes",
                    rc.request().path(), List.of(new Problem.FieldError("body", "at most " + maxBytes + " bytes")),
                    Map.of("maxBytes", maxBytes));
            String body;
            try {
                body = json.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            rc.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
        });
    }
}
