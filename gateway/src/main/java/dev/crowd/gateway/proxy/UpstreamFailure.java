package dev.crowd.gateway.proxy;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** How a failed call to an upstream is reported to the caller. */
public enum UpstreamFailure {
    /** The circuit is open: the upstream failed recently, the gateway does not even try. */
    CIRCUIT_OPEN(503, "upstream-unavailable", "Service unavailable"),
    /** No connection could be made: the service is down or not started. */
    UNREACHABLE(503, "upstream-unavailable", "Service unavailable"),
    /** The service accepted the call but did not answer in time. */
    TIMEOUT(504, "upstream-timeout", "Gateway timeout"),
    /** Anything else: the service broke the exchange. */
    BROKEN(502, "bad-gateway", "Bad gateway");

    public final int status;
    public final String slug;
    public final String title;

    UpstreamFailure(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static UpstreamFailure of(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof CircuitBreakerOpenException) {
                return CIRCUIT_OPEN;
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof ClosedChannelException) {
                return UNREACHABLE;
            }
            t = t.getCause();
        }
        return BROKEN;
    }

    public String detail(String upstream) {
        return switch (this) {
            case CIRCUIT_OPEN -> "The " + upstream + " service is failing; calls are suspended for a moment";
            case UNREACHABLE -> "The " + upstream + " service cannot be reached";
            case TIMEOUT -> "The " + upstream + " service did not answer in time";
            case BROKEN -> "The " + upstream + " service broke off the exchange";
        };
    }

}
