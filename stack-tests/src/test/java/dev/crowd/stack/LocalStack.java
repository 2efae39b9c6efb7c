package dev.crowd.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;

/**
 * The whole platform started by the real launcher ({@code ./crowd up}) in its own home folder and on
 * shifted ports, so it never collides with a developer's running stack. Stopped with {@code down --wipe}.
 */
public final class LocalStack {

    public static final int PORT_OFFSET = Integer.getInteger("crowd.stack.port-offset", 1000);
    public static final String GATEWAY = "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    public static final String KEYCLOAK = "http://127.0.0.1:" + (8180 + PORT_OFFSET);
    public static final String KAFKA = "127.0.0.1:" + (19092 + PORT_OFFSET);

    private static final Path ROOT = Path.of(System.getProperty("crowd.root", "..")).toAbsolutePath().normalize();
    /** The stack's CROWD_HOME; -Dcrowd.stack.home points the kill/start drills at a stack started by hand. */
    private static final Path HOME = Path.of(System.getProperty("crowd.stack.home", "target/stack")).toAbsolutePath();

    /** True when the tests should use a stack someone already started (and leave it running). */
    private static final boolean ALREADY_RUNNING = Boolean.getBoolean("crowd.stack.running");

    public static void up() throws IOException, InterruptedException {
        if (!ALREADY_RUNNING) {
            run(List.of("up"), 15);
        }
    }

    public static void down() throws IOException, InterruptedException {
        if (!ALREADY_RUNNING) {
            run(List.of("down", "--wipe"), 5);
        }
    }

    /** A password-grant token for a demo user of the realm (client crowd-cli, local development only). */
    public static String token(String user) {
        return signIn(user).then().statusCode(200).extract().path("access_token");
    }

    /** The raw answer of Keycloak's token endpoint to a password sign-in of {@code user}. */
    public static io.restassured.response.Response signIn(String user) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "crowd-cli")
                .formParam("username", user)
                .formParam("password", user + "-local-only")
                .when().post(KEYCLOAK + "/realms/crowd/protocol/openid-connect/token");
    }

    /** The password {@code ./crowd up} generated for a Kafka principal (a service's name, or admin). */
    public static String kafkaPassword(String principal) throws IOException {
        return Files.readString(HOME.resolve("secrets/kafka/" + principal + ".password")).strip();
    }

    /** Kills one component with SIGKILL (a crash, not a shutdown): {@code ./crowd kill NAME}. */
    public static void kill(String component) throws IOException, InterruptedException {
        run(List.of("kill", component), 1);
    }

    /** Starts one component again and waits until it is ready: {@code ./crowd start NAME}. */
    public static void start(String component) throws IOException, InterruptedException {
        run(List.of("start", component), 5);
    }

    private static void run(List<String> args, int timeoutMinutes) throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        File log = HOME.resolve("crowd-" + String.join("-", args) + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(ROOT.resolve("crowd").toString());
        builder.command().addAll(args);
        Map<String, String> env = builder.environment();
        env.put("CROWD_HOME", HOME.toString());
        env.put("CROWD_PORT_OFFSET", Integer.toString(PORT_OFFSET));
        builder.directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./crowd " + args + " did not finish in " + timeoutMinutes + " min; see " + log);
        }
        String output = Files.readString(log.toPath());
        System.out.println(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("./crowd " + args + " failed (exit " + process.exitValue() + "):\n" + output);
        }
    }

    private LocalStack() {
    }
}
