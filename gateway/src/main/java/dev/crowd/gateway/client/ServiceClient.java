package dev.crowd.gateway.client;

import dev.crowd.gateway.proxy.Upstream;
import dev.crowd.gateway.proxy.UpstreamFailure;
import dev.crowd.gateway.proxy.Upstreams;
import dev.crowd.gateway.web.RequestIds;
import dev.crowd.platform.problem.ProblemException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.util.TypeLiteral;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's own calls to the services (web UI pages, merged OpenAPI, status), on the same pooled
 * clients and circuit breakers as the proxy. The caller's bearer token and the request id go along.
 */
@ApplicationScoped
public class ServiceClient {

    /** A service's answer, body read in full (pages and specs are small). */
    public record Reply(int status, MultiMap headers, Buffer body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Whether a reply that may be missing (a service that could not be reached) is a success. */
        public static boolean succeeded(Reply reply) {
            return reply != null && reply.ok();
        }

        public JsonObject json() {
            return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
        }

        public JsonArray jsonArray() {
            if (body == null || body.length() == 0) {
                return new JsonArray();
            }
            Object value = body.toJson();
            if (value instanceof JsonArray array) {
                return array;
            }
            if (value instanceof JsonObject object) {
                // Paged answers: {"items": [...]} or {"content": [...]}
                for (String key : new String[]{"items", "content", "data", "results"}) {
                    if (object.getValue(key) instanceof JsonArray array) {
                        return array;
                    }
                }
            }
            return new JsonArray();
        }

        /** The body as plain maps, lists and values (what the page templates walk), null when empty or not JSON. */
        public Object data() {
            if (body == null || body.length() == 0) {
                return null;
            }
            try {
                return PLAIN.readValue(body.getBytes(), Object.class);
            } catch (java.io.IOException e) {
                return null;
            }
        }

        /** The body as a map ({} if it is not a JSON object). */
        @SuppressWarnings("unchecked")
        public java.util.Map<String, Object> map() {
            return data() instanceof java.util.Map<?, ?> m ? (java.util.Map<String, Object>) m : java.util.Map.of();
        }

        /** The body as a list; a paged answer's items; [] otherwise. */
        @SuppressWarnings("unchecked")
        public java.util.List<Object> list() {
            Object data = data();
            if (data instanceof java.util.List<?> l) {
                return (java.util.List<Object>) l;
            }
            if (data instanceof java.util.Map<?, ?> m) {
                for (String key : new String[]{"items", "content", "data", "results"}) {
                    if (m.get(key) instanceof java.util.List<?> l) {
                        return (java.util.List<Object>) l;
                    }
                }
            }
            return java.util.List.of();
        }

        /** Field errors of a problem answer: field -> message (the form shows each next to its field). */
        public java.util.Map<String, String> fieldErrors() {
            java.util.Map<String, String> errors = new java.util.LinkedHashMap<>();
            if (map().get("errors") instanceof java.util.List<?> list) {
                for (Object e : list) {
                    if (e instanceof java.util.Map<?, ?> m && m.get("field") != null) {
                        errors.merge(String.valueOf(m.get("field")), String.valueOf(m.get("message")), (a, b) -> a + "; " + b);
                    }
                }
            }
            return errors;
        }

        public String contentType() {
            return headers.get(HttpHeaders.CONTENT_TYPE);
        }

        /** The problem's detail (or the status) for showing next to a form. */
        public String problemDetail() {
            try {
                JsonObject problem = json();
                String detail = problem.getString("detail");
                return detail != null ? detail : problem.getString("title", "HTTP " + status);
            } catch (RuntimeException e) {
                return "HTTP " + status;
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final TypeLiteral<CompletionStage<Reply>> REPLY_STAGE = new TypeLiteral<>() {
    };

    private final Upstreams upstreams;
    private final CurrentVertxRequest currentRequest;

    public ServiceClient(Upstreams upstreams, CurrentVertxRequest currentRequest) {
        this.upstreams = upstreams;
        this.currentRequest = currentRequest;
    }

    public Uni<Reply> get(String route, String pathAndQuery, String bearer) {
        return send(route, HttpMethod.GET, pathAndQuery, bearer, null, null);
    }

    public Uni<Reply> postJson(String route, String pathAndQuery, String bearer, Object body) {
        Buffer buffer = body == null ? null : Buffer.buffer(body instanceof JsonObject json ? json.encode()
                : body instanceof JsonArray array ? array.encode() : io.vertx.core.json.Json.encode(body));
        return send(route, HttpMethod.POST, pathAndQuery, bearer, "application/json", buffer);
    }

    /**
     * Sends one request to the service of {@code route}. Transport failures (down, timeout, circuit
     * open) become the same 502/503/504 problem as on the proxy; HTTP answers, errors included, are
     * returned for the caller to show.
     */
    public Uni<Reply> send(String route, HttpMethod method, String pathAndQuery, String bearer, String contentType,
                           Buffer body) {
        Upstream upstream = upstreams.named(route);
        String requestId = requestId();
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setURI(upstream.basePath() + pathAndQuery)
                .setIdleTimeout(upstream.config().idleTimeout().toMillis())
                .putHeader(RequestIds.HEADER, requestId)
                .putHeader("X-Forwarded-Prefix", upstream.prefix())
                .putHeader(HttpHeaders.ACCEPT, "application/json, application/problem+json;q=0.9, */*;q=0.5");
        if (bearer != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        if (contentType != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        CompletionStage<Reply> stage = upstream.guard().get(() -> upstream.client().request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(b -> reply(response, b)))
                .toCompletionStage(), REPLY_STAGE);
        return Uni.createFrom().completionStage(stage)
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> {
                    UpstreamFailure kind = UpstreamFailure.of(e);
                    return new ProblemException(kind.status, kind.slug, kind.title, kind.detail(route), null)
                            .with("upstream", route);
                });
    }

    private static Reply reply(HttpClientResponse response, Buffer body) {
        return new Reply(response.statusCode(), response.headers(), body);
    }

    private String requestId() {
        try {
            return currentRequest.getCurrent() == null ? UUID.randomUUID().toString()
                    : RequestIds.of(currentRequest.getCurrent());
        } catch (ContextNotActiveException e) {
            return UUID.randomUUID().toString();
        }
    }
}
