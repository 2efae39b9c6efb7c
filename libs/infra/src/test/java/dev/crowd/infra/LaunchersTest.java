package dev.crowd.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The launchers start real servers; a data directory keeps PostgreSQL's data across restarts. */
class LaunchersTest {

    @Test
    void postgresKeepsDataInItsDataDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        try (PostgresServer pg = PostgresServer.start(0, data)) {
            pg.createDatabase("kept");
            pg.createDatabase("kept"); // a second call is a no-op
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("kept"), "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("create table t (x int); insert into t values (42)");
            }
        }
        try (PostgresServer pg = PostgresServer.start(0, data);
             Connection c = DriverManager.getConnection(pg.jdbcUrl("kept"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select x from t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void redisAnswersPing() throws Exception {
        try (RedisNode redis = RedisNode.start(0, null);
             Socket socket = new Socket("127.0.0.1", redis.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("+PONG");
        }
    }

    @Test
    void aRedisWithAPasswordRefusesCommandsUntilAuthenticated() throws Exception {
        try (RedisNode redis = RedisNode.start(0, null, "s3cretS3cretS3cret");
             Socket socket = new Socket("127.0.0.1", redis.port())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("-NOAUTH");
            out.write("AUTH s3cretS3cretS3cret\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("+OK");
            assertThat(in.readLine()).isEqualTo("+PONG");
            assertThat(redis.password()).isEqualTo("s3cretS3cretS3cret");
        }
    }

    @Test
    void databaseNamesAreCheckedBeforeUse() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostgresServer.requireIdentifier("x; drop table y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
