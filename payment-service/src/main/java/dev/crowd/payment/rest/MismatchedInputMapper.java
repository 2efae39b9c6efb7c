package dev.crowd.payment.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.crowd.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A JSON value of the wrong type ({@code "amount": "lots"}) is a MismatchedInputException, which Quarkus'
 * built-in mapper answers as plain JSON before the shared JsonProcessingException mapper sees it. This
 * narrower mapper hands it to the shared one, so the client gets problem+json naming the field.
 */
public class MismatchedInputMapper {

    private final ProblemMappers shared = new ProblemMappers();

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return shared.unreadableJson(e, uri);
    }
}
