package dev.crowd.dlq;

import dev.crowd.contracts.Topics;
import dev.crowd.dlq.DeadLetterStore.Sent;
import dev.crowd.dlq.DeadLetterStore.Snapshot;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./crowd dlq}: the dead letters of the consuming services, and their replay once the cause is fixed.
 *
 * <pre>
 *   list [SERVICE]                          every dead letter of one service, or of all
 *   replay SERVICE [--event ID] [--dry-run] send the not yet replayed dead letters (or one event's) back
 *                                           to their original topics
 *   --bootstrap HOST:PORT   the Kafka broker (default: the local stack's, honouring CROWD_PORT_OFFSET)
 *   --timeout SECONDS       how long to wait for the broker (default 10)
 * </pre>
 *
 * The broker asks for credentials: {@code CROWD_KAFKA_USERNAME} (default {@code admin}, the only
 * principal that may read every dead-letter topic and write every topic) with {@code CROWD_KAFKA_PASSWORD}
 * or {@code CROWD_KAFKA_PASSWORD_FILE} ({@code ./crowd dlq} passes the local stack's admin password file);
 * {@code CROWD_KAFKA_SECURITY_PROTOCOL} (default SASL_PLAINTEXT, or PLAINTEXT without a password) and
 * {@code CROWD_KAFKA_SASL_MECHANISM} (default SCRAM-SHA-512).
 *
 * Exit status: 0 done, 1 failed (unknown service or event, Kafka unreachable, a send not acknowledged),
 * 2 bad arguments.
 */
public final class DeadLettersCli {

    /** The services that consume events, each with its dead-letter topic {@code crowd.dlq.<service>}. */
    static final List<String> CONSUMING_SERVICES = List.of("task-service", "worker-service", "qa-service", "payment-service");

    static final String USAGE = """
            usage: crowd dlq list [SERVICE] [--bootstrap HOST:PORT] [--timeout SECONDS]
                   crowd dlq replay SERVICE [--event EVENT_ID] [--dry-run] [--bootstrap HOST:PORT] [--timeout SECONDS]
              SERVICE: %s""".formatted(String.join(", ", CONSUMING_SERVICES));

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int REASON_WIDTH = 160;

    private final PrintStream out;

    private DeadLettersCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit status. Errors go to {@code err} as one line, never as a stack trace. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            Arguments arguments = Arguments.parse(args, env);
            if (arguments.command().equals("help")) {
                out.println(USAGE);
                return 0;
            }
            try (DeadLetterStore store = new DeadLetterStore(arguments.bootstrap(), arguments.security(), arguments.timeout())) {
                DeadLettersCli cli = new DeadLettersCli(out);
                return switch (arguments.command()) {
                    case "list" -> cli.list(store, arguments.service());
                    case "replay" -> cli.replay(store, arguments.service(), arguments.eventId(), arguments.dryRun());
                    default -> throw new IllegalStateException(arguments.command());
                };
            }
        } catch (CliException e) {
            err.println("crowd dlq: " + e.getMessage());
            if (e.exitStatus() == CliException.USAGE) {
                err.println(USAGE);
            }
            return e.exitStatus();
        } catch (RuntimeException e) {
            err.println("crowd dlq: unexpected failure: " + e);
            return CliException.FAILED;
        }
    }

    private int list(DeadLetterStore store, String service) {
        Set<String> topics = store.deadLetterTopics();
        List<String> services = new ArrayList<>();
        if (service != null) {
            services.add(checked(service, topics));
        } else {
            Set<String> all = new LinkedHashSet<>(CONSUMING_SERVICES);
            topics.forEach(topic -> all.add(topic.substring(DeadLetterStore.TOPIC_PREFIX.length())));
            services.addAll(all);
        }
        for (String s : services) {
            String topic = Topics.deadLetter(s);
            if (!topics.contains(topic)) {
                out.println(topic + ": no dead letters");
                continue;
            }
            Snapshot snapshot = store.read(topic, DeadLetterStore.groupOf(s));
            if (snapshot.letters().isEmpty()) {
                out.println(topic + ": no dead letters");
                continue;
            }
            long notReplayable = snapshot.letters().stream().filter(l -> l.notReplayable() != null).count();
            long replayed = snapshot.letters().stream().filter(l -> l.notReplayable() == null && snapshot.replayed(l)).count();
            out.printf(Locale.ROOT, "%s: %d dead letter%s: %d pending, %d replayed, %d not replayable%n", topic,
                    snapshot.letters().size(), snapshot.letters().size() == 1 ? "" : "s",
                    snapshot.letters().size() - replayed - notReplayable, replayed, notReplayable);
            printTable(snapshot);
        }
        return 0;
    }

    private void printTable(Snapshot snapshot) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"PARTITION/OFFSET", "DEAD-LETTERED", "FROM (TOPIC/PARTITION/OFFSET)", "TYPE", "EVENT ID",
                "STATE", "REASON"});
        for (DeadLetter letter : snapshot.letters()) {
            String state = letter.notReplayable() != null ? "not replayable"
                    : snapshot.replayed(letter) ? "replayed" : "pending";
            String reason = letter.failure();
            if (reason.length() > REASON_WIDTH) {
                reason = reason.substring(0, REASON_WIDTH - 3) + "...";
            }
            rows.add(new String[]{letter.partition() + "/" + letter.offset(), TIME.format(letter.deadLetteredAt()),
                    letter.origin(), orDash(letter.eventType()), orDash(letter.eventId()),
                    state, reason});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        snapshot.letters().stream().filter(l -> l.notReplayable() != null).forEach(l ->
                out.printf("  %d/%d is not replayable: %s%n", l.partition(), l.offset(), l.notReplayable()));
    }

    private int replay(DeadLetterStore store, String service, String eventId, boolean dryRun) {
        Set<String> topics = store.deadLetterTopics();
        String topic = Topics.deadLetter(checked(service, topics));
        String group = DeadLetterStore.groupOf(service);
        String would = dryRun ? "would send " : "";
        if (!topics.contains(topic)) {
            if (eventId != null) {
                throw CliException.failed("no dead letter with event id " + eventId + " (" + topic + " does not exist)");
            }
            out.println(topic + ": no dead letters, nothing to replay");
            return 0;
        }
        Snapshot snapshot = store.read(topic, group);

        List<DeadLetter> toSend = new ArrayList<>();
        List<DeadLetter> skipped = new ArrayList<>();
        long alreadyReplayed;
        if (eventId != null) {
            List<DeadLetter> matching = snapshot.letters().stream().filter(l -> eventId.equalsIgnoreCase(l.eventId())).toList();
            if (matching.isEmpty()) {
                throw CliException.failed("no dead letter with event id " + eventId + " in " + topic
                        + " (./crowd dlq list " + service + " shows them)");
            }
            matching.stream().filter(l -> !snapshot.replayed(l)).forEach(l -> {
                if (l.notReplayable() != null) {
                    throw CliException.failed(l.where() + " is not replayable: " + l.notReplayable());
                }
                toSend.add(l);
            });
            alreadyReplayed = matching.size() - toSend.size();
        } else {
            for (DeadLetter letter : snapshot.letters()) {
                if (letter.notReplayable() != null) {
                    skipped.add(letter);
                } else if (!snapshot.replayed(letter)) {
                    toSend.add(letter);
                }
            }
            alreadyReplayed = snapshot.letters().size() - toSend.size() - skipped.size();
        }
        for (DeadLetter letter : skipped) {
            out.printf("%sskip %s: %s%n", dryRun ? "would " : "", letter.where(), letter.notReplayable());
        }

        List<Sent> sent;
        if (dryRun) {
            sent = toSend.stream().map(l -> new Sent(l, null, null)).toList();
        } else {
            sent = store.send(toSend);
        }
        int failed = 0;
        String firstFailure = null;
        for (Sent s : sent) {
            DeadLetter l = s.letter();
            if (s.failure() != null) {
                failed++;
                firstFailure = firstFailure == null ? s.failure().getMessage() : firstFailure;
                out.printf("FAILED %s -> %s: %s%n", l.where(), l.originTopic(), s.failure().getMessage());
                continue;
            }
            String to = s.acknowledged() == null ? l.originTopic()
                    : s.acknowledged().topic() + "/" + s.acknowledged().partition() + "/" + s.acknowledged().offset();
            out.printf("%s%s -> %s  key=%s %s %s%n", dryRun ? would : "sent ", l.where(), to, l.key(),
                    orDash(l.eventType()), l.eventId());
        }

        if (!dryRun) {
            store.commit(group, topic, progressAfter(snapshot, sent, skipped, eventId == null));
        }
        out.printf(Locale.ROOT, "%s: %s%d sent, %d skipped, %d already replayed%s%n", topic, dryRun ? "dry run, " : "",
                dryRun ? 0 : sent.size() - failed, skipped.size(), alreadyReplayed,
                dryRun ? " (" + toSend.size() + " would be sent)" : "");
        if (failed > 0) {
            throw CliException.failed(failed + " of " + sent.size() + " sends failed (first: " + firstFailure
                    + "); they stay pending: run replay again");
        }
        return 0;
    }

    /**
     * The progress to commit: the acknowledged and skipped dead letters are done; with {@code all}, a partition
     * where nothing failed is done up to where the read ended.
     */
    private static Map<Integer, ReplayProgress> progressAfter(Snapshot snapshot, List<Sent> sent, List<DeadLetter> skipped,
                                                              boolean all) {
        Map<Integer, List<Long>> done = new TreeMap<>();
        Set<Integer> failedPartitions = new HashSet<>();
        for (Sent s : sent) {
            if (s.failure() == null) {
                done.computeIfAbsent(s.letter().partition(), p -> new ArrayList<>()).add(s.letter().offset());
            } else {
                failedPartitions.add(s.letter().partition());
            }
        }
        skipped.forEach(l -> done.computeIfAbsent(l.partition(), p -> new ArrayList<>()).add(l.offset()));
        Map<Integer, ReplayProgress> progress = new HashMap<>();
        if (all) {
            snapshot.ends().forEach((partition, end) -> {
                ReplayProgress before = snapshot.progress(partition);
                ReplayProgress after = failedPartitions.contains(partition)
                        ? before.with(done.getOrDefault(partition, List.of()))
                        : before.upTo(end);
                if (!after.equals(before)) {
                    progress.put(partition, after);
                }
            });
        } else {
            done.forEach((partition, offsets) -> progress.put(partition, snapshot.progress(partition).with(offsets)));
        }
        return progress;
    }

    private static String checked(String service, Set<String> topics) {
        if (CONSUMING_SERVICES.contains(service) || topics.contains(Topics.deadLetter(service))) {
            return service;
        }
        throw CliException.failed("unknown service '" + service + "': the services with dead letters are "
                + String.join(", ", CONSUMING_SERVICES));
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value : value + " ".repeat(width - value.length());
    }

    /** The parsed command line. */
    record Arguments(String command, String service, String eventId, boolean dryRun, String bootstrap,
                     Map<String, String> security, Duration timeout) {

        static Arguments parse(String[] args, Map<String, String> env) {
            String command = null;
            String service = null;
            String eventId = null;
            boolean dryRun = false;
            String bootstrap = "127.0.0.1:" + (19092 + portOffset(env));
            int timeoutSeconds = 10;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--bootstrap" -> bootstrap = value(args, ++i, arg);
                    case "--event" -> eventId = value(args, ++i, arg);
                    case "--timeout" -> {
                        try {
                            timeoutSeconds = Integer.parseInt(value(args, ++i, arg));
                        } catch (NumberFormatException e) {
                            throw CliException.usage("--timeout takes a whole number of seconds");
                        }
                        if (timeoutSeconds < 1) {
                            throw CliException.usage("--timeout takes a whole number of seconds");
                        }
                    }
                    case "--dry-run" -> dryRun = true;
                    case "-h", "--help", "help" -> command = "help";
                    default -> {
                        if (arg.startsWith("-")) {
                            throw CliException.usage("unknown option " + arg);
                        } else if (command == null) {
                            command = arg;
                        } else if (service == null) {
                            service = arg;
                        } else {
                            throw CliException.usage("unexpected argument " + arg);
                        }
                    }
                }
            }
            if (command == null) {
                throw CliException.usage("list or replay?");
            }
            switch (command) {
                case "help" -> {
                }
                case "list" -> {
                    if (eventId != null || dryRun) {
                        throw CliException.usage("--event and --dry-run go with replay");
                    }
                }
                case "replay" -> {
                    if (service == null) {
                        throw CliException.usage("replay needs the SERVICE whose dead letters to replay");
                    }
                }
                default -> throw CliException.usage("unknown command " + command);
            }
            return new Arguments(command, service, eventId, dryRun, bootstrap, security(env), Duration.ofSeconds(timeoutSeconds));
        }

        /** SASL client settings from the environment; none without a password. */
        static Map<String, String> security(Map<String, String> env) {
            String password = env.get("CROWD_KAFKA_PASSWORD");
            String file = env.get("CROWD_KAFKA_PASSWORD_FILE");
            if ((password == null || password.isBlank()) && file != null && !file.isBlank()) {
                try {
                    password = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
                } catch (java.io.IOException e) {
                    throw CliException.failed("cannot read the Kafka password from " + file + ": " + e.getMessage());
                }
            }
            if (password == null || password.isBlank()) {
                return Map.of("security.protocol", env.getOrDefault("CROWD_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"));
            }
            String user = env.getOrDefault("CROWD_KAFKA_USERNAME", "admin");
            return Map.of(
                    "security.protocol", env.getOrDefault("CROWD_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                    "sasl.mechanism", env.getOrDefault("CROWD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + user + "\" password=\"" + password + "\";");
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw CliException.usage(option + " needs a value");
            }
            return args[i];
        }

        private static int portOffset(Map<String, String> env) {
            String offset = env.getOrDefault("CROWD_PORT_OFFSET", "0");
            try {
                return offset.isBlank() ? 0 : Integer.parseInt(offset.strip());
            } catch (NumberFormatException e) {
                throw CliException.usage("CROWD_PORT_OFFSET is not a number: " + offset);
            }
        }
    }
}
