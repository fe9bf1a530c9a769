package io.pulseboard.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** The manifests of deploy/kubernetes: every kustomization, and the files it names. */
final class Manifests {

    /** One YAML document of a manifest file. */
    record Document(Path file, int index, JsonNode tree) {

        String apiVersion() {
            return tree.path("apiVersion").asString("");
        }

        String kind() {
            return tree.path("kind").asString("");
        }

        String name() {
            return tree.path("metadata").path("name").asString("");
        }

        /** Where it is, for messages: base/gateway.yaml, document 2 (Service gateway). */
        String where() {
            return root().relativize(file) + ", document " + (index + 1) + " (" + kind() + " " + name() + ")";
        }
    }

    private Manifests() {}

    /** The repository's root, set by the build. */
    static Path root() {
        return Path.of(System.getProperty("pulse.repository.root", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    static Path kubernetesDir() {
        return root().resolve("deploy/kubernetes");
    }

    /** Every kustomization.yaml under deploy/kubernetes. */
    static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(kubernetesDir())) {
            return files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Kustomization kustomization(Path file) {
        List<JsonNode> documents = StrictYaml.documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + ": a kustomization is one document, found " + documents.size());
        }
        return StrictYaml.read(
                documents.get(0), Kustomization.class, root().relativize(file).toString());
    }

    /**
     * The files a kustomization names as resources or patches, relative to its directory; a resource
     * that is a directory (another kustomization) is left to that kustomization.
     */
    static List<Path> files(Path kustomizationFile) {
        Kustomization k = kustomization(kustomizationFile);
        Path dir = kustomizationFile.getParent();
        List<Path> files = new ArrayList<>();
        for (String resource : k.resources()) {
            Path p = dir.resolve(resource).normalize();
            if (!Files.isDirectory(p)) {
                files.add(p);
            }
        }
        k.patches().stream()
                .filter(p -> p.path() != null)
                .forEach(p -> files.add(dir.resolve(p.path()).normalize()));
        return files;
    }

    /** Every document of every file that a kustomization under deploy/kubernetes names. */
    static List<Document> documents() {
        List<Document> documents = new ArrayList<>();
        for (Path k : kustomizations()) {
            for (Path file : files(k)) {
                List<JsonNode> trees = StrictYaml.documents(file);
                for (int i = 0; i < trees.size(); i++) {
                    documents.add(new Document(file, i, trees.get(i)));
                }
            }
        }
        return documents;
    }
}
