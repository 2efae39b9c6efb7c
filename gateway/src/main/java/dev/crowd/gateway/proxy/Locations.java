package dev.crowd.gateway.proxy;

import io.vertx.core.http.HttpServerRequest;

import java.net.URI;

/**
 * A service builds {@code Location} (201 Created, redirects) from its own address; the client must get
 * the gateway's address: {@code http://127.0.0.1:8081/jobs/7} or {@code /jobs/7} from the task service
 * becomes {@code http://<gateway>/api/tasks/jobs/7}. Locations pointing anywhere else are left alone.
 */
final class Locations {

    static String rewrite(String location, Upstream upstream, HttpServerRequest incoming) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            return location;
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/") || path.startsWith(upstream.prefix() + "/")) {
            return location;
        }
        if (uri.getHost() != null) {
            boolean fromUpstream = uri.getHost().equalsIgnoreCase(upstream.host()) && port(uri) == upstream.port();
            boolean fromGateway = incoming.authority() != null
                    && uri.getHost().equalsIgnoreCase(incoming.authority().host());
            if (!fromUpstream && !fromGateway) {
                return location;
            }
        }
        String base = upstream.basePath();
        if (!base.isEmpty()) {
            if (!path.startsWith(base)) {
                return location;
            }
            path = path.substring(base.length());
        }
        String rewritten = upstream.prefix() + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (uri.getHost() == null) {
            return rewritten;
        }
        String scheme = incoming.scheme() == null ? "http" : incoming.scheme();
        return scheme + "://" + incoming.authority() + rewritten;
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private Locations() {
    }
}
