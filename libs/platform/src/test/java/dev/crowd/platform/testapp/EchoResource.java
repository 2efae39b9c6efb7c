package dev.crowd.platform.testapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

/** Echoes a validated body: the surface on which the shared problem+json mapping is tested. */
@Path("/test/echo")
public class EchoResource {

    public record Order(@NotBlank String name, @Min(1) int count, java.util.List<@Valid Line> lines,
                        java.util.List<@NotBlank String> tags) {
    }

    public record Line(@NotBlank String sku) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Order echo(@Valid @NotNull Order order) {
        return order;
    }
}
