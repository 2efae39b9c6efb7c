package dev.crowd.stack;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14 ("identity" and "the edge is the only door") against the running stack: real Keycloak, gateway,
 * services and Redis as {@code ./crowd up} starts them.
 */
@ExtendWith(LocalStackExtension.class)
class EdgeSecurityTest {

    private static final String API = LocalStack.GATEWAY + "/api";
    private static final int OFFSET = LocalStack.PORT_OFFSET;
    private static final String ADMIN_API = LocalStack.KEYCLOAK + "/admin/realms/crowd";

    private static String serviceToken;
    private static String bootstrapAdmin;

    @BeforeAll
    static void tokens() {
        serviceToken = given().formParam("grant_type", "client_credentials").formParam("client_id", "crowd-service")
                .formParam("client_secret", "local-development-only-crowd-service-secret")
                .post(LocalStack.KEYCLOAK + "/realms/crowd/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        bootstrapAdmin = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(LocalStack.KEYCLOAK + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String userId(String username) {
        return given().auth().oauth2(bootstrapAdmin).queryParam("username", username).queryParam("exact", true)
                .get(ADMIN_API + "/users").then().statusCode(200).extract().path("[0].id");
    }

    // --- identity ------------------------------------------------------------------------------------

    @Test
    void workerServicesClientDisablesAndEnablesAnnotatorsAndNothingElse() {
        String chen = userId("chen");
        Map<String, Object> user = given().auth().oauth2(serviceToken).get(ADMIN_API + "/users/" + chen)
                .then().statusCode(200).extract().as(Map.class);
        try {
            user.put("enabled", false);
            given().auth().oauth2(serviceToken).contentType("application/json").body(user)
                    .put(ADMIN_API + "/users/" + chen).then().statusCode(204);
            assertThat(LocalStack.signIn("chen").statusCode()).isIn(400, 401);
        } finally {
            user.put("enabled", true);
            given().auth().oauth2(serviceToken).contentType("application/json").body(user)
                    .put(ADMIN_API + "/users/" + chen).then().statusCode(204);
        }
        assertThat(LocalStack.signIn("chen").statusCode()).isEqualTo(200);

        // It cannot make anyone an admin, create a user, or touch a user outside the group annotators.
        Map<String, Object> admin = given().auth().oauth2(bootstrapAdmin).get(ADMIN_API + "/roles/admin")
                .then().statusCode(200).extract().as(Map.class);
        given().auth().oauth2(serviceToken).contentType("application/json").body(List.of(admin))
                .post(ADMIN_API + "/users/" + chen + "/role-mappings/realm").then().statusCode(403);
        given().auth().oauth2(serviceToken).contentType("application/json")
                .body(Map.of("username", "mallory-" + System.nanoTime(), "enabled", true))
                .post(ADMIN_API + "/users").then().statusCode(403);
        given().auth().oauth2(serviceToken).get(ADMIN_API + "/users/" + userId("ada")).then().statusCode(403);
        given().auth().oauth2(bootstrapAdmin).get(ADMIN_API + "/users/" + chen + "/role-mappings/realm")
                .then().statusCode(200).body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("admin")));
    }

    @Test
    void aTokenOfAnotherClientOfTheRealmIs401AtTheGatewayAndAtTheServices() {
        given().auth().oauth2(serviceToken).get(API + "/tasks/jobs").then().statusCode(401);
        for (int port : servicePorts()) {
            given().auth().oauth2(serviceToken).get("http://127.0.0.1:" + port + "/q/health/live").then().statusCode(200);
        }
        given().auth().oauth2(serviceToken).get("http://127.0.0.1:" + (8081 + OFFSET) + "/jobs").then().statusCode(401);
        given().auth().oauth2(serviceToken).get("http://127.0.0.1:" + (8084 + OFFSET) + "/accounts/me").then().statusCode(401);
        // A user's token names every service.
        given().auth().oauth2(LocalStack.token("rita")).get(API + "/tasks/jobs").then().statusCode(200);
    }

    @Test
    void signingOutIsPostOnly() {
        given().redirects().follow(false).get(LocalStack.GATEWAY + "/logout").then().statusCode(405)
                .header("Allow", "POST");
    }

    // --- the edge ------------------------------------------------------------------------------------

    @Test
    void servicesAndRedisListenOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "no non-loopback address on this machine");
        List<Integer> ports = new ArrayList<>(servicePorts());
        ports.add(8080 + OFFSET);
        ports.add(16379 + OFFSET);
        ports.add(8180 + OFFSET);
        for (int port : ports) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external.get(), port), 2000);
                }
            }).as("port %d on %s", port, external.get()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void redisRefusesCommandsWithoutThePassword() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", 16379 + OFFSET)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("-NOAUTH");
        }
    }

    @Test
    void operationsEndpointsAreNotForAnonymousCallers() {
        String ada = LocalStack.token("ada");
        for (String path : List.of("/q/metrics", "/q/openapi", "/api/status", "/api/tasks/q/metrics",
                "/api/payments/q/openapi")) {
            given().get(LocalStack.GATEWAY + path).then().statusCode(401);
            given().auth().oauth2(ada).get(LocalStack.GATEWAY + path).then().statusCode(200);
        }
    }

    @Test
    void pagesAreRateLimited() {
        given().auth().oauth2(LocalStack.token("rita")).redirects().follow(false).get(LocalStack.GATEWAY + "/ui")
                .then().statusCode(303).header("RateLimit-Limit", "600");
    }

    @Test
    void aForgedForwardedForDoesNotGiveAFreshBucket() {
        // Anonymous money calls (class money, 120/min): each forged address would start a full bucket if believed.
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Response response = given().header("X-Forwarded-For", "198.51.100." + i)
                    .get(API + "/payments/accounts/me");
            remaining.add(Integer.parseInt(response.header("RateLimit-Remaining")));
        }
        assertThat(remaining.getLast()).isLessThan(remaining.getFirst());
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(API + "/tasks/jobs"))
                        .header("Authorization", "Bearer " + LocalStack.token("rita"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload-too-large");
    }

    private static List<Integer> servicePorts() {
        return List.of(8081 + OFFSET, 8082 + OFFSET, 8083 + OFFSET, 8084 + OFFSET);
    }

    private static Optional<InetAddress> externalAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
