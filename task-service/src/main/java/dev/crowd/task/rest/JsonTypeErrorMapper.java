package dev.crowd.task.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.crowd.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A wrong JSON type (e.g. {@code "microJobSize": "many"}) as problem+json naming the field. Quarkus
 * REST ships its own mapper for {@link MismatchedInputException} that answers plain JSON and wins over
 * the platform's {@code JsonProcessingException} mapper; this one, for the exact type, delegates back
 * to the platform's format. (Belongs in libs/platform-web; kept here until it moves there.)
 */
public class JsonTypeErrorMapper {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return problems.unreadableJson(e, uri);
    }
}
