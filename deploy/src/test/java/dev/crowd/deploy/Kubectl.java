package dev.crowd.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Renders kustomize directories offline with `kubectl kustomize` (no cluster needed). */
final class Kubectl {

    static final String MISSING = "kubectl not found on the PATH (or CROWD_KUBECTL): the kustomize render checks are "
            + "skipped. Install it (Debian: apt-get install kubernetes-client) to run them.";

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private Kubectl() {
    }

    /** The kubectl binary: CROWD_KUBECTL, else the first `kubectl` on the PATH. */
    static Optional<Path> find() {
        String configured = System.getenv("CROWD_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test (JUnit assumption) when there is no kubectl. */
    static void assumePresent() {
        assumeTrue(find().isPresent(), MISSING);
    }

    /** The rendered resources of deploy/kubernetes/overlays/{overlay}, rendered once per test run. */
    static Manifests render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> Manifests.of(kustomize(
                Repository.path("deploy/kubernetes/overlays/" + name))));
    }

    static String kustomize(Path directory) {
        Path kubectl = find().orElseThrow(() -> new IllegalStateException(MISSING));
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + directory + " failed ("
                            + process.exitValue() + "): " + Files.readString(errors));
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
