package dev.crowd.gateway.proxy;

import dev.crowd.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.http.HttpClient;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.util.List;

/**
 * One backend service behind the gateway: its route prefix, its HTTP client and the circuit breaker
 * guarding calls to it.
 */
public record Upstream(String name, String prefix, URI url, GatewayConfig.Route config, HttpClient client,
                       Guard guard) {

    public String host() {
        return url.getHost();
    }

    public int port() {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    public HostAndPort authority() {
        return HostAndPort.create(host(), port());
    }

    /** Base path of the upstream URL without a trailing slash ("" for a URL without a path). */
    public String basePath() {
        String path = url.getRawPath();
        if (path == null || path.equals("/")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The largest body {@code gatewayPath} (with the route prefix) takes: an upload path's limit, else the route's. */
    public long maxBodyBytes(String gatewayPath) {
        String rest = gatewayPath.length() > prefix.length() ? gatewayPath.substring(prefix.length()) : "/";
        for (String pattern : config.uploadPaths().orElse(List.of())) {
            if (matches(pattern, rest)) {
                return config.maxUploadBytes();
            }
        }
        return config.maxBodyBytes();
    }

    /** {@code *} stands for exactly one non-empty path segment. */
    static boolean matches(String pattern, String path) {
        String[] want = pattern.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("*") ? got[i].isEmpty() : !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code /api/tasks/jobs?x=1} becomes {@code /jobs?x=1} (after the upstream's own base path). */
    public String upstreamUri(String gatewayUri) {
        String rest = gatewayUri.substring(prefix.length());
        if (rest.isEmpty() || rest.startsWith("?")) {
            rest = "/" + rest;
        }
        return basePath() + rest;
    }
}
