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
        // Short enough for the 504 test, long enough for a busy machine.
        config.put("crowd.gateway.routes.qa.idle-timeout", "3s");
        config.put("crowd.gateway.routes.payments.url", url);
        // Port 1 (tcpmux) is privileged and unused: connections are refused at once.
        config.put("crowd.gateway.routes.down.url", "http://127.0.0.1:1");
        config.put("crowd.gateway.routes.down.circuit-breaker.request-volume-threshold", "3");
        config.put("crowd.gateway.routes.down.circuit-breaker.delay", "60s");
        // Browser sign-in against the fake identity provider above.
        config.put("quarkus.oidc.web.tenant-enabled", "true");
        config.put("quarkus.oidc.web.auth-server-url", url + FakeIdentityProvider.REALM);
        config.put("crowd.gateway.routes.limited.url", url);
        config.put("crowd.gateway.routes.limited.rate-limit", "tiny");
        config.put("crowd.gateway.rate-limits.tiny.capacity", "3");
        config.put("crowd.gateway.rate-limits.tiny.period", "1h");
        // The pages get a class of their own, above what the page tests use per user.
        config.put("crowd.gateway.ui-rate-limit", "pages");
        config.put("crowd.gateway.rate-limits.pages.capacity", "60");
        config.put("crowd.gateway.rate-limits.pages.period", "1h");
        // The tests' client connects from loopback: let it play the trusted load balancer.
        config.put("crowd.gateway.clients.trusted-proxies", "127.0.0.1,::1");
        return config;
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (FakeIdentityProvider.answer(request, "http://" + request.authority())) {
            return;
        }
        if (path.equals("/slow")) {
            return; // never answers
        }
        if (path.equals("/q/health/ready")) {
            request.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
            return;
        }
        if (path.equals("/q/openapi")) {
            request.response().putHeader("content-type", "application/json").end(openapi(request.getHeader("X-Forwarded-Prefix")));
            return;
        }
        AtomicLong bytes = new AtomicLong();
        io.vertx.core.buffer.Buffer received = io.vertx.core.buffer.Buffer.buffer();
        request.handler(buffer -> {
            bytes.addAndGet(buffer.length());
            if (received.length() < 1_000_000) {
                received.appendBuffer(buffer);
            }
        });
        request.endHandler(v -> {
            if (UiFixtures.answer(request, received)) {
                return;
            }
            if (path.equals("/forbidden")) {
                request.response().setStatusCode(403).putHeader("content-type", "application/problem+json")
                        .end("{\"type\":\"https://crowd.dev/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403}");
                return;
            }
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


    /** Every stub "service" has a Thing schema; the task route's Thing differs from the others'. */
    private static String openapi(String prefix) {
        String property = "/api/tasks".equals(prefix) ? "title" : "amount";
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "stub " + prefix).put("version", "1"))
                .put("paths", new JsonObject().put("/things/{id}", new JsonObject().put("get", new JsonObject()
                        .put("operationId", "getThing")
                        .put("responses", new JsonObject().put("200", new JsonObject()
                                .put("description", "a thing")
                                .put("content", new JsonObject().put("application/json", new JsonObject()
                                        .put("schema", new JsonObject().put("$ref", "#/components/schemas/Thing")))))))))
                .put("components", new JsonObject().put("schemas", new JsonObject().put("Thing", new JsonObject()
                        .put("type", "object")
                        .put("properties", new JsonObject().put(property, new JsonObject().put("type", "string"))))))
                .encode();
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
