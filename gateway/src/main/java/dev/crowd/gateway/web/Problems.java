package dev.crowd.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.platform.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Writes RFC 9457 problem+json on the Vert.x routes (the proxy), in the same shape the services'
 * {@code ProblemMappers} use, so a client sees one error format whoever answered.
 */
@ApplicationScoped
public class Problems {

    public static final String TYPE_BASE = "https://crowd.dev/problems/";

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    /** Ends {@code rc}'s response with a problem; {@code headers} are extra response headers. */
    public Future<Void> send(RoutingContext rc, int status, String slug, String title, String detail,
                             Map<String, String> headers, Map<String, Object> extensions) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.headWritten()) {
            // The upstream already started answering: all we can do is cut the exchange.
            response.reset();
            return Future.succeededFuture();
        }
        Problem problem = new Problem(TYPE_BASE + slug, title, status, detail, rc.request().path(), null, extensions);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        return response.end(body);
    }

    public Future<Void> send(RoutingContext rc, int status, String slug, String title, String detail) {
        return send(rc, status, slug, title, detail, Map.of(), null);
    }
}
