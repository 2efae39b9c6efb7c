package dev.crowd.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Refuses a request whose declared Content-Length is over {@code quarkus.http.limits.max-body-size} with a
 * 413 problem+json before the body is read. Without it the HTTP layer answers the same 413 with an empty
 * body and cuts the connection, which leaves the client guessing.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
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
            String body = "{\"type\":\"https://crowd.dev/problems/payload-too-large\",\"title\":\"Payload too large\","
                    + "\"status\":413,\"detail\":\"The request body is " + length + " bytes; this service takes at most "
                    + maxBytes + " bytes\",\"maxBytes\":" + maxBytes + ",\"errors\":[{\"field\":\"body\","
                    + "\"message\":\"at most " + maxBytes + " bytes\"}]}";
            rc.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
        });
    }
}
