package dev.crowd.task.bench;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Production-sized limits for the benchmarks (the test profile keeps them tiny). */
public class BenchProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "crowd.task.imports.max-bytes", "1073741824",
                "crowd.task.imports.max-items-per-job", "2000000",
                "quarkus.log.category.\"org.apache.kafka\".level", "WARN");
    }
}
