package dev.crowd.worker.rest;

import dev.crowd.platform.problem.ProblemException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Concurrent writes to the same annotator (two tabs saving a profile, an admin acting while a score
 * lands) lose the optimistic lock or a unique key: the client gets 409 and may retry, not a 500.
 */
public class ConflictMappers {

    private static final String DETAIL = "Someone else changed this at the same time; reload and retry";

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentUpdate(RuntimeException e, UriInfo uri) {
        return respond(uri);
    }

    private static Response respond(UriInfo uri) {
        ProblemException conflict = ProblemException.conflict("concurrent-update", DETAIL);
        return Response.status(409).type("application/problem+json")
                .entity(conflict.toProblem(uri == null ? null : uri.getPath())).build();
    }
}
