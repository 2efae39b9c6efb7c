package dev.crowd.task.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.task.config.TaskConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every task-service endpoint but the item upload takes a small JSON body: those bodies are read here, up
 * to {@code crowd.task.http.max-json-bytes} (1 MiB), before the REST layer sees them. The limit holds for
 * chunked bodies too (counted as they arrive, not only a declared Content-Length); beyond it the answer is
 * 413 problem+json. The upload ({@code POST /jobs/{id}/items}) streams under its own limit
 * ({@code crowd.task.imports.max-bytes}); {@code quarkus.http.limits.max-body-size} stays above that.
 */
@ApplicationScoped
public class BodyLimits {

    /** Everything except the upload path. */
    static final String SMALL_BODIES = "^(?!/jobs/[^/]+/items/?$).*";

    private final TaskConfig config;
    private final ObjectMapper mapper;

    public BodyLimits(TaskConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        long limit = config.http().maxJsonBytes();
        router.routeWithRegex(SMALL_BODIES).order(-10)
                .handler(BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false))
                .failureHandler(ctx -> tooLarge(ctx, limit));
    }

    private void tooLarge(RoutingContext ctx, long limit) {
        boolean oversize = ctx.statusCode() == 413
                || (ctx.failure() instanceof HttpException e && e.getStatusCode() == 413);
        if (!oversize || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(ProblemException.tooLarge("body-too-large",
                    "The request body is larger than " + limit + " bytes").toProblem(ctx.request().path()));
        } catch (Exception e) {
            body = "{\"status\":413}";
        }
        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close").end(body);
    }
}
