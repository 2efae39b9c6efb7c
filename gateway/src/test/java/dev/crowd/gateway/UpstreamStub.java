package dev.crowd.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP server standing in for the services behind the gateway (the real services are exercised
 * by the stack test). It echoes what it received as JSON, so tests see exactly what the gateway forwarded.
 * Special paths: {@code /slow} never answers, {@code /created} answers 201 with the service's own
 * absolute Location, {@code /q/health/ready} is UP, {@code /q/openapi} is a small spec naming the service.
 * The route {@code down} points at a port nobody listens on.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
        int port;
        try {
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("stub upstream did not start", e);
        }
        String url = "http://127.0.0.1:" + port;
        Map<String, String> config = new HashMap<>();
        config.put("crowd.gateway.routes.tasks.url", url);
        config.put("crowd.gateway.routes.workers.url", url);
        config.put("crowd.gateway.routes.qa.url", url);
        config.put("crowd.gateway.routes.qa.idle-timeout", "1s");
        config.put("crowd.gateway.routes.payments.url", url);
        // Port 1 (tcpmux) is privileged and unused: connections are refused at once.
        config.put("crowd.gateway.routes.down.url", "http://127.0.0.1:1");
        config.put("crowd.gateway.routes.down.circuit-breaker.request-volume-threshold", "3");
        config.put("crowd.gateway.routes.down.circuit-breaker.delay", "60s");
        config.put("crowd.gateway.routes.limited.url", url);
        config.put("crowd.gateway.routes.limited.rate-limit", "tiny");
        config.put("crowd.gateway.rate-limits.tiny.capacity", "3");
        config.put("crowd.gateway.rate-limits.tiny.period", "1h");
        return config;
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/slow")) {
            return; // never answers
        }
        if (path.equals("/q/health/ready")) {
            request.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
            return;
        }
        AtomicLong bytes = new AtomicLong();
        request.handler(buffer -> bytes.addAndGet(buffer.length()));
        request.endHandler(v -> {
            if (path.equals("/created")) {
                request.response().setStatusCode(201)
                        .putHeader("Location", "http://" + request.authority() + "/jobs/42")
                        .end();
                return;
            }
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject echo = new JsonObject()
                    .put("method", request.method().name())
                    .put("uri", request.uri())
                    .put("headers", headers)
                    .put("bodyBytes", bytes.get());
            request.response().putHeader("content-type", "application/json")
                    .putHeader("X-Request-Id", "upstream-own-id")
                    .end(echo.encode());
        });
    }


    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
