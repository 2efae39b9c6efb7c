package dev.crowd.gateway.web;

import dev.crowd.gateway.config.GatewayConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Who is calling, for rate limits: the signed-in user, else the client address. */
@ApplicationScoped
public class Callers {

    private final ClientAddress addresses;

    public Callers(GatewayConfig config) {
        this.addresses = ClientAddress.trusting(config.clients().trustedProxies().orElse(List.of()));
    }

    /** {@code user:<sub>} for a signed-in caller, else {@code ip:<client address>}. */
    public String key(RoutingContext rc, SecurityIdentity identity) {
        if (identity != null && !identity.isAnonymous()) {
            return "user:" + identity.getPrincipal().getName();
        }
        return "ip:" + clientAddress(rc);
    }

    /**
     * The client's address. The peer is the connection's own (not a value Quarkus' forwarding support may
     * have taken from the left of {@code X-Forwarded-For}); see {@link ClientAddress} for the hops believed.
     */
    public String clientAddress(RoutingContext rc) {
        SocketAddress peer = rc.request().connection() == null ? rc.request().remoteAddress()
                : rc.request().connection().remoteAddress();
        String peerAddress = peer == null ? "unknown" : peer.hostAddress();
        return addresses.resolve(peerAddress, rc.request().getHeader("X-Forwarded-For"));
    }
}
