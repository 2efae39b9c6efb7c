package dev.crowd.gateway.web;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a new
 * UUID. The id is echoed in the response, passed to the services by the proxy and the UI's calls,
 * and put in the logging context ({@code %X{requestId}}) so every log line of the request carries it.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String KEY = "crowd.requestId";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Router router) {
        // Before Quarkus' own handlers (security runs at negative orders too), so all log lines have the id.
        router.route().order(Integer.MIN_VALUE + 10).handler(this::assign);
    }

    private void assign(RoutingContext rc) {
        String given = rc.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        rc.put(KEY, id);
        MDC.put(MDC_KEY, id);
        rc.response().putHeader(HEADER, id);
        rc.next();
    }

    /** The current request's id. */
    public static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        return id != null ? id : UUID.randomUUID().toString();
    }

    /** The current request's id from a REST resource or any bean running for a request. */
    public static String current(CurrentVertxRequest request) {
        RoutingContext rc = request.getCurrent();
        return rc == null ? UUID.randomUUID().toString() : of(rc);
    }
}
