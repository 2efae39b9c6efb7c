package dev.crowd.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/kubernetes/base/generated/ is what the services' builds generate (quarkus-kubernetes). In a full build the
 * services are built before this module, so a committed copy that is out of date fails here; refresh it with
 * deploy/kubernetes/regenerate.
 */
class GeneratedManifestsTest {

    @Test
    void theCommittedCopiesAreWhatTheBuildsGenerate() {
        List<String> built = Repository.SERVICES.stream()
                .filter(service -> Files.exists(generated(service)))
                .toList();
        assumeTrue(!built.isEmpty(), "no service built yet (target/kubernetes/kubernetes.yml missing): build them "
                + "before this module to compare the committed manifests");
        for (String service : built) {
            assertThat(Repository.read(committed(service)))
                    .as("deploy/kubernetes/base/generated/%s.yml differs from %s; run deploy/kubernetes/regenerate",
                            service, Repository.root().relativize(generated(service)))
                    .isEqualTo(Repository.read(generated(service)));
        }
    }

    @Test
    void everyServiceHasACommittedCopyListedInTheBase() {
        String base = Repository.read(Repository.path("deploy/kubernetes/base/kustomization.yaml"));
        for (String service : Repository.SERVICES) {
            assertThat(committed(service)).exists();
            assertThat(base).contains("generated/" + service + ".yml");
        }
    }

    private static Path generated(String service) {
        return Repository.path(service + "/target/kubernetes/kubernetes.yml");
    }

    private static Path committed(String service) {
        return Repository.path("deploy/kubernetes/base/generated/" + service + ".yml");
    }
}
