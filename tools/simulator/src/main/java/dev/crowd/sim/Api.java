package dev.crowd.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small JSON-over-HTTP client for the gateway and Keycloak. Every call returns a {@link Reply} whatever
 * the status; the caller decides what a status means. One instance is shared by all simulated people
 * (java.net.http pools connections and is safe for concurrent use).
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private volatile Consumer<Reply> observer = r -> { };

    public Api(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String base() {
        return base;
    }

    /** Sees every reply (used to check that no annotator-facing body reveals gold). */
    public void observe(Consumer<Reply> observer) {
        this.observer = observer;
    }

    /** The answer to one request. {@code body} is the parsed JSON, or a missing node if it was not JSON. */
    public record Reply(String method, String path, int status, String text, JsonNode body, String token,
                        HttpResponse<String> raw) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** Throws with the problem detail unless the status is one of {@code expected}. */
        public Reply expect(int... expected) {
            for (int e : expected) {
                if (status == e) {
                    return this;
                }
            }
            throw new IllegalStateException(method + " " + path + " answered " + status + ": " + abbreviate(text));
        }

        private static String abbreviate(String s) {
            return s == null ? "" : s.length() > 600 ? s.substring(0, 600) + "..." : s;
        }
    }

    public Reply get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public Reply post(String path, String token, Object json) {
        return send("POST", path, token, "application/json", json == null ? null : write(json), Map.of());
    }

    public Reply post(String path, String token, Object json, Map<String, String> headers) {
        return send("POST", path, token, "application/json", json == null ? null : write(json), headers);
    }

    public Reply put(String path, String token, Object json) {
        return send("PUT", path, token, "application/json", write(json), Map.of());
    }

    public Reply postRaw(String path, String token, String contentType, String body) {
        return send("POST", path, token, contentType, body, Map.of());
    }

    public Reply form(String url, Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return send("POST", url, null, "application/x-www-form-urlencoded", b.toString(), Map.of());
    }

    /** Sends a request; {@code path} is relative to the base, or an absolute URL. Retries only on connection loss. */
    public Reply send(String method, String path, String token, String contentType, String body,
                      Map<String, String> headers) {
        String url = path.startsWith("http") ? path : base + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Reply reply = new Reply(method, path, response.statusCode(), response.body(), parse(response), token, response);
        observer.accept(reply);
        return reply;
    }

    private static JsonNode parse(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.contains("json") || response.body() == null || response.body().isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    public static String write(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
