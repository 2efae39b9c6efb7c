package dev.crowd.task.bench;

import dev.crowd.contracts.Money;
import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.platform.json.EventJson;
import dev.crowd.task.service.WorkQueue;
import dev.crowd.task.service.SubmitStore;
import dev.crowd.task.service.WorkStore;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.KafkaRecords;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Load generator for task-service running with real PostgreSQL, Redis and Kafka (the test
 * infrastructure), driven over HTTP. Not part of the normal test run; run it with
 * <pre>{@code
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -o -B -pl task-service verify -Dtest=TaskBench \
 *     -Dcrowd.bench.items=1000000 -Dcrowd.bench.claim-items=100000 -Dcrowd.bench.workers=32 \
 *     -Dcrowd.bench.warmup-seconds=5 -Dcrowd.bench.seconds=30
 * }</pre>
 * The claim+submit phase needs enough items for warm-up plus measured time at the expected rate
 * (each round trip uses one); it says so in its line when it ran out of work early.
 * Figures go to stdout and to {@code task-service/target/bench-results.txt}.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class TaskBench {

    @TestHTTPResource("/")
    URI base;
    @Inject
    EventJson json;
    @Inject
    ObjectMapper mapper;
    @Inject
    WorkStore store;
    @Inject
    SubmitStore submitStore;
    @Inject
    WorkQueue queue;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> report = new ArrayList<>();

    @Test
    void benchmarks() throws Exception {
        importRate(Integer.getInteger("crowd.bench.items", 1_000_000));
        claimSubmit(Integer.getInteger("crowd.bench.claim-items", 100_000), Integer.getInteger("crowd.bench.workers", 32),
                Integer.getInteger("crowd.bench.warmup-seconds", 5), Integer.getInteger("crowd.bench.seconds", 30));
        Files.write(Path.of("target/bench-results.txt"), report);
    }

    private void importRate(int items) throws Exception {
        String requester = "bench-req";
        String jobId = createJob(requester, 10, 1, 1);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/items"))
                .header("Authorization", "Bearer " + TestTokens.requester(requester))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedJsonl(items)))
                .build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(200, response.statusCode(), response.body());
        line("import: %d JSONL items (streamed, chunked) in %.2f s = %.0f items/s; load average %.2f",
                items, seconds, items / seconds, loadAverage());
    }

    private void claimSubmit(int items, int workers, int warmup, int seconds) throws Exception {
        String requester = "bench-req-2";
        // One item per micro-job, one judgment each: every round trip is one claim and one submit.
        String jobId = createJob(requester, 1, 1, 1);
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/items"))
                .header("Authorization", "Bearer " + TestTokens.requester(requester))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedJsonl(items))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        JsonNode submitted = mapper.readTree(send("POST", "/jobs/" + jobId + "/submit", TestTokens.requester(requester), null).body());
        KafkaRecords.send("crowd.payments", jobId, json.write(new JobFunded(UUID.randomUUID(), Instant.now(),
                UUID.fromString(jobId), requester, new Money(submitted.at("/budget/amount").asLong(), "EUR"))));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!mapper.readTree(send("GET", "/jobs/" + jobId, TestTokens.requester(requester), null).body())
                .get("status").asText().equals("ACTIVE")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job never became ACTIVE");
            }
            Thread.sleep(100);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers,
                r -> new Thread(r, "bench-annotator-" + threadNumber.incrementAndGet()));
        AtomicBoolean stop = new AtomicBoolean();
        // Round trips that start during the warm-up (JIT, connection pools) are not counted.
        long started = System.nanoTime();
        long counted = started + Duration.ofSeconds(warmup).toNanos();
        long end = counted + Duration.ofSeconds(seconds).toNanos();
        double loadBefore = loadAverage();
        CpuMeter cpu = new CpuMeter();
        List<Future<List<long[]>>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String token = TestTokens.annotator("bench-ann-" + w);
            futures.add(pool.submit(() -> {
                List<long[]> timings = new ArrayList<>(); // start, claim latency, submit latency
                while (!stop.get() && System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> claim = send("POST", "/work/next?jobId=" + jobId, token, null);
                    if (claim.statusCode() == 204) {
                        stop.set(true);
                        break;
                    }
                    if (claim.statusCode() != 200) {
                        throw new IllegalStateException(claim.body());
                    }
                    long t1 = System.nanoTime();
                    JsonNode assignment = mapper.readTree(claim.body());
                    ObjectNode body = mapper.createObjectNode();
                    ArrayNode answers = body.putArray("answers");
                    for (JsonNode item : assignment.get("items")) {
                        answers.addObject().put("itemId", item.get("id").asText()).put("label", "cat")
                                .put("timeSpentMillis", 500);
                    }
                    long t2 = System.nanoTime();
                    HttpResponse<String> result = send("POST", "/assignments/" + assignment.get("id").asText()
                            + "/answers", token, body.toString());
                    if (result.statusCode() != 200) {
                        throw new IllegalStateException(result.body());
                    }
                    long t3 = System.nanoTime();
                    timings.add(new long[]{t0, t1 - t0, t3 - t2});
                }
                return timings;
            }));
        }
        // CPU is read at the end of the warm-up and again when the measured part is over.
        Thread.sleep(Math.max(0, (counted - System.nanoTime()) / 1_000_000));
        CpuMeter.Sample cpuBefore = cpu.sample();
        for (Future<List<long[]>> f : futures) {
            f.get();
        }
        CpuMeter.Sample cpuAfter = cpu.sample();
        List<Long> roundTrips = new ArrayList<>();
        List<Long> claims = new ArrayList<>();
        List<Long> submits = new ArrayList<>();
        long last = counted;
        for (Future<List<long[]>> f : futures) {
            for (long[] t : f.get()) {
                if (t[0] >= counted) {
                    claims.add(t[1]);
                    submits.add(t[2]);
                    roundTrips.add(t[1] + t[2]);
                    last = Math.max(last, t[0] + t[1] + t[2]);
                }
            }
        }
        double elapsed = (Math.min(System.nanoTime(), Math.max(last, counted)) - counted) / 1e9;
        pool.shutdown();
        if (roundTrips.isEmpty()) {
            throw new IllegalStateException("no round trip after the warm-up: raise crowd.bench.claim-items");
        }
        line("claim+submit: %d round trips by %d annotators in %.2f s (after %d s warm-up) = %.0f/s; "
                        + "round trip p50 %.1f ms, p99 %.1f ms; claim p50 %.1f ms, p99 %.1f ms; "
                        + "submit p50 %.1f ms, p99 %.1f ms; load average %.2f before, %.2f after%s",
                roundTrips.size(), workers, elapsed, warmup, roundTrips.size() / elapsed,
                percentile(roundTrips, 0.50), percentile(roundTrips, 0.99), percentile(claims, 0.50),
                percentile(claims, 0.99), percentile(submits, 0.50), percentile(submits, 0.99),
                loadBefore, loadAverage(), stop.get() ? " (ran out of work before the end)" : "");
        int n = roundTrips.size();
        line("CPU per round trip (measured part): service event loops %.2f ms, load generator %.2f ms, Kafka %.2f ms, "
                        + "test JVM in all (with GC and JIT) %.2f ms, PostgreSQL backends %.2f ms, Redis %.2f ms",
                (cpuAfter.eventLoopNanos() - cpuBefore.eventLoopNanos()) / 1e6 / n,
                (cpuAfter.loadGeneratorNanos() - cpuBefore.loadGeneratorNanos()) / 1e6 / n,
                (cpuAfter.kafkaNanos() - cpuBefore.kafkaNanos()) / 1e6 / n,
                (cpuAfter.processNanos() - cpuBefore.processNanos()) / 1e6 / n,
                (cpuAfter.postgresNanos() - cpuBefore.postgresNanos()) / 1e6 / n,
                (cpuAfter.redisNanos() - cpuBefore.redisNanos()) / 1e6 / n);
        line("group commit (whole run, warm-up included): %s; %s", store.groupCommitStats() + "; " + submitStore.groupCommitStats(), queue.groupCommitStats());
    }

    private static double percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Long::compare);
        return sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p)) / 1e6;
    }

    /** The machine's one-minute load average (what `uptime` shows first). */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private String createJob(String requester, int microJobSize, int min, int max) throws Exception {
        String body = """
                {"title":"bench","instructions":"","taskType":"SINGLE_LABEL",
                 "labels":[{"key":"cat","displayName":"Cat"},{"key":"dog","displayName":"Dog"}],
                 "overlap":{"min":%d,"max":%d,"targetConfidence":0.9},"reward":{"amount":100,"currency":"EUR"},
                 "microJobSize":%d,"leaseSeconds":600,"goldPerMicroJob":0}""".formatted(min, max, microJobSize);
        HttpResponse<String> r = send("POST", "/jobs", TestTokens.requester(requester), body);
        assertEquals(201, r.statusCode(), r.body());
        return mapper.readTree(r.body()).get("id").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        System.out.println("BENCH " + text);
        report.add(text);
    }

    /**
     * CPU time spent so far by the service's event loops, this whole JVM, the PostgreSQL backends of
     * this test's database and the Redis server (Linux /proc; 0 where it cannot be read). CPU per round
     * trip says more than throughput on a shared machine, where the wall clock depends on the neighbours.
     */
    static final class CpuMeter {
        record Sample(long eventLoopNanos, long loadGeneratorNanos, long kafkaNanos, long processNanos,
                      long postgresNanos, long redisNanos) {
        }

        private final String database;
        private final String redisAddress;
        private final long nanosPerTick = 10_000_000L; // USER_HZ is 100 on Linux

        CpuMeter() {
            var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            String url = config.getValue("quarkus.datasource.reactive.url", String.class);
            database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            String redis = config.getValue("quarkus.redis.hosts", String.class);
            redisAddress = redis.replaceFirst("^redis://", "").replaceAll("/.*", "");
        }

        Sample sample() {
            var threads = ManagementFactory.getThreadMXBean();
            long loops = 0;
            long generator = 0;
            long kafka = 0;
            for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                String name = info.getThreadName();
                long nanos = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                if (name.startsWith("vert.x-eventloop")) {
                    loops += nanos;
                } else if (name.startsWith("bench-annotator") || name.startsWith("HttpClient")) {
                    generator += nanos;
                } else if (name.contains("kafka") || name.startsWith("data-plane") || name.startsWith("executor-")) {
                    kafka += nanos;
                }
            }
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Sample(loops, generator, kafka, process, ticks(cmd -> cmd.startsWith("postgres: ") && cmd.contains(" " + database + " ")),
                    ticks(cmd -> cmd.contains("redis-server") && cmd.contains(redisAddress)));
        }

        private long ticks(java.util.function.Predicate<String> commandLine) {
            long total = 0;
            try (var dirs = Files.newDirectoryStream(Path.of("/proc"), d -> d.getFileName().toString().matches("\\d+"))) {
                for (Path dir : dirs) {
                    try {
                        String cmd = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                                .replace('\0', ' ');
                        if (commandLine.test(cmd)) {
                            String stat = Files.readString(dir.resolve("stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * nanosPerTick; // utime, stime
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return total;
        }
    }

    /** JSONL items generated on the fly, so the client does not hold the upload in memory either. */
    static final class GeneratedJsonl extends InputStream {
        private final int items;
        private int next;
        private byte[] current = new byte[0];
        private int position;

        GeneratedJsonl(int items) {
            this.items = items;
        }

        private boolean fill() {
            if (position < current.length) {
                return true;
            }
            if (next >= items) {
                return false;
            }
            current = ("{\"id\":\"b" + next + "\",\"text\":\"benchmark item number " + next
                    + " with some words to label\",\"url\":\"https://img.example/" + next + ".jpg\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            position = 0;
            next++;
            return true;
        }

        @Override
        public int read() {
            return fill() ? current[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!fill()) {
                return -1;
            }
            int n = 0;
            while (n < len && fill()) {
                int chunk = Math.min(len - n, current.length - position);
                System.arraycopy(current, position, b, off + n, chunk);
                position += chunk;
                n += chunk;
            }
            return n;
        }
    }
}
