package dev.crowd.infra;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Redis 7 server from a Maven-packaged binary, bound to loopback. */
public final class RedisNode implements AutoCloseable {

    private final RedisServer server;
    private final int port;
    private final String password;

    private RedisNode(RedisServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /**
     * @param port    0 picks a free port
     * @param dataDir where an append-only file keeps data across restarts; null keeps nothing on disk
     */
    public static RedisNode start(int port, Path dataDir) throws IOException {
        return start(port, dataDir, null);
    }

    /**
     * @param password {@code requirepass} (letters and digits); null: no password (a loopback-only test server)
     */
    public static RedisNode start(int port, Path dataDir, String password) throws IOException {
        if (password != null && !password.matches("[A-Za-z0-9]{16,}")) {
            throw new IllegalArgumentException("the Redis password must be 16 or more letters and digits");
        }
        int chosen = port > 0 ? port : freePort();
        var builder = RedisServer.builder().port(chosen).bind("127.0.0.1")
                .setting("save \"\"")
                .setting("maxmemory-policy noeviction");
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            builder.setting("dir " + dataDir.toAbsolutePath())
                    .setting("appendonly yes")
                    .setting("appendfsync everysec");
        } else {
            builder.setting("appendonly no");
        }
        if (password != null) {
            builder.setting("requirepass " + password);
        }
        RedisServer server = builder.build();
        server.start();
        return new RedisNode(server, chosen, password);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The {@code requirepass}, or null. */
    public String password() {
        return password;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
