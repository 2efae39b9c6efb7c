package dev.crowd.platform.testapp;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.net.ServerSocket;

/** Endpoints whose store is down, the way a PostgreSQL restart looks to a service. */
@Path("/test/unavailable")
public class UnavailableStoreResource {

    @Inject
    Vertx vertx;

    /** A real connection attempt to a port nobody listens on. */
    @GET
    @Path("/refused")
    public Uni<String> refused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PgPool pool = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort)
                .setDatabase("none").setUser("none").setPassword("none"), new PoolOptions().setMaxSize(1));
        return pool.query("select 1").execute().map(rows -> "unreachable").eventually(pool::close);
    }

    /** What the server answers while it replays its WAL after a crash. */
    @GET
    @Path("/starting-up")
    public Uni<String> startingUp() {
        return Uni.createFrom().failure(new PgException("the database system is starting up", "FATAL", "57P03", null));
    }
}
