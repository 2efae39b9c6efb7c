package dev.crowd.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one piece of infrastructure in the foreground until the process is told to stop (SIGTERM),
 * then shuts it down cleanly. Used by {@code ./crowd up}, one process per component so that each has
 * its own pid, log and status.
 *
 * <pre>
 *   Launcher postgres --port 15432 --data .crowd/data/postgres --databases task,worker,qa,payment
 *   Launcher redis --port 16379 --data .crowd/data/redis
 *   Launcher kafka --port 19092 --controller-port 19093 --data .crowd/data/kafka --secrets .crowd/secrets/kafka
 * </pre>
 */
public final class Launcher {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> options = options(args);
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        Path data = options.containsKey("data") ? Path.of(options.get("data")) : null;
        AutoCloseable running = switch (args[0]) {
            case "postgres" -> {
                PostgresServer pg = PostgresServer.start(port, data);
                for (String db : options.getOrDefault("databases", "").split(",")) {
                    if (!db.isBlank()) {
                        pg.createDatabase(db.trim());
                    }
                }
                System.out.println("postgres ready on " + pg.host() + ":" + pg.port());
                yield pg;
            }
            case "redis" -> {
                // The password comes from a file (mode 600), never from the command line (ps shows it).
                String password = options.containsKey("password-file")
                        ? java.nio.file.Files.readString(Path.of(options.get("password-file"))).trim() : null;
                RedisNode redis = RedisNode.start(port, data, password);
                System.out.println("redis ready on 127.0.0.1:" + redis.port() + (password == null ? "" : " (password required)"));
                yield redis;
            }
            case "kafka" -> {
                // one password file per principal, created on first start (KafkaBroker.passwords)
                KafkaBroker kafka = KafkaBroker.start(port, Integer.parseInt(options.getOrDefault("controller-port", "0")),
                        data, Integer.parseInt(options.getOrDefault("partitions", "12")),
                        KafkaBroker.passwords(Path.of(options.getOrDefault("secrets", "secrets/kafka"))));
                System.out.println("kafka ready on " + kafka.bootstrap() + " (SASL/SCRAM-SHA-512, ACLs applied)");
                yield kafka;
            }
            default -> {
                usage();
                yield null;
            }
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
                System.out.println(args[0] + " stopped");
            } catch (Exception e) {
                System.err.println(args[0] + " did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            if (!rest.get(i).startsWith("--")) {
                usage();
            }
            options.put(rest.get(i).substring(2), rest.get(i + 1));
        }
        return options;
    }

    private static void usage() {
        System.err.println("usage: Launcher postgres|redis|kafka [--port N] [--data DIR] [--databases a,b]"
                + " [--controller-port N] [--secrets DIR] [--partitions N] [--password-file FILE]");
        System.exit(2);
    }

    private Launcher() {
    }
}
