package io.pulseboard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every manifest under deploy/kubernetes reads into its typed model, with no field the model does not know. */
class ManifestsTest {

    @Test
    void theBaseIsFound() {
        assertThat(Manifests.kustomizations())
                .contains(Manifests.kubernetesDir().resolve("base/kustomization.yaml"));
        assertThat(Manifests.documents())
                .extracting(Manifests.Document::kind)
                .contains("Deployment", "Service", "Kafka", "KafkaTopic", "KafkaNodePool", "StatefulSet");
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentReadsIntoItsModel() {
        return Manifests.documents().stream()
                .map(d -> DynamicTest.dynamicTest(d.where(), () -> {
                    Class<?> model = ManifestKinds.model(d.apiVersion(), d.kind(), d.where());
                    assertThat(StrictYaml.read(d.tree(), model, d.where())).isInstanceOf(model);
                }));
    }

    @Test
    void everyYamlFileIsNamedByAKustomizationAndEveryNamedFileExists() throws IOException {
        Set<Path> named = new HashSet<>();
        for (Path k : Manifests.kustomizations()) {
            for (Path file : Manifests.files(k)) {
                assertThat(file).as("named by %s", k).isRegularFile();
                named.add(file);
            }
        }
        List<Path> yaml;
        try (Stream<Path> files = Files.walk(Manifests.kubernetesDir())) {
            yaml = files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .toList();
        }
        // A file no kustomization names would be neither applied nor checked.
        assertThat(named).containsAll(yaml);
    }

    @Test
    void namesAreUniquePerKind() {
        Set<String> seen = new HashSet<>();
        for (Manifests.Document d : Manifests.documents()) {
            assertThat(seen.add(d.apiVersion() + "/" + d.kind() + "/" + d.name()))
                    .as("%s: defined twice", d.where())
                    .isTrue();
        }
    }
}
