package io.pulseboard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The check fails on what a lenient reader would drop: the proof that ManifestsTest can fail. */
class StrictYamlTest {

    @TempDir
    Path dir;

    private JsonNode one(String yaml) throws IOException {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, yaml);
        return StrictYaml.documents(file).get(0);
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: web
                      %s: 1Gi
            """;

    @Test
    void aKnownFieldReads() throws IOException {
        JsonNode tree = one("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          resources:
                            limits:
                              memory: 1Gi
                """);
        Deployment d = StrictYaml.read(tree, Deployment.class, "m.yaml");
        assertThat(d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getResources()
                        .getLimits()
                        .get("memory")
                        .toString())
                .isEqualTo("1Gi");
    }

    @Test
    void aMisspeltFieldOfAKubernetesObjectFailsNamingItAndWhere() throws IOException {
        JsonNode tree = one(DEPLOYMENT.formatted("memmory"));
        assertThatThrownBy(() -> StrictYaml.read(tree, Deployment.class, "m.yaml, document 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("m.yaml, document 1: ")
                .hasMessageContaining("\"memmory\"")
                .hasMessageEndingWith("at spec.template.spec.containers[0].memmory");
    }

    @Test
    void aMisspeltFieldOfAStrimziObjectFails() throws IOException {
        JsonNode tree = one("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: t
                spec:
                  partitions: 3
                  replica: 3
                """);
        assertThatThrownBy(() -> StrictYaml.read(tree, KafkaTopic.class, "m.yaml"))
                .hasMessageContaining("\"replica\"")
                .hasMessageEndingWith("at spec.replica");
    }

    @Test
    void aValueOfTheWrongTypeFails() throws IOException {
        JsonNode tree = one("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: t
                spec:
                  partitions: twelve
                """);
        assertThatThrownBy(() -> StrictYaml.read(tree, KafkaTopic.class, "m.yaml"))
                .hasMessageEndingWith("at spec.partitions");
    }

    @Test
    void aQuotedNumberFails() throws IOException {
        JsonNode tree = one("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: "2"
                """);
        assertThatThrownBy(() -> StrictYaml.read(tree, Deployment.class, "m.yaml"))
                .hasMessageEndingWith("at spec.replicas");
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() throws IOException {
        JsonNode tree = one("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                data:
                  PORT: 8080
                """);
        assertThatThrownBy(() -> StrictYaml.read(tree, ConfigMap.class, "m.yaml"))
                .hasMessageEndingWith("at data.PORT");
    }

    @Test
    void aDuplicateKeyFails() throws IOException {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "kind: Service\nkind: Deployment\n");
        assertThatThrownBy(() -> StrictYaml.documents(file)).hasMessageContaining("kind");
    }

    @Test
    void aKindWithoutAModelFails() {
        assertThatThrownBy(() -> ManifestKinds.model("batch/v1", "CronJob", "m.yaml"))
                .hasMessageStartingWith("m.yaml: no model for apiVersion batch/v1, kind CronJob");
    }
}
