package io.pulseboard.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * The fields of a kustomization.yaml that the manifests use; any other field fails the check (add
 * it here when a kustomization needs it). Patches given by path are checked as manifests.
 */
record Kustomization(
        String apiVersion,
        String kind,
        String namespace,
        List<Labels> labels,
        List<String> resources,
        List<Patch> patches,
        List<Image> images) {

    Kustomization {
        resources = resources == null ? List.of() : resources;
        patches = patches == null ? List.of() : patches;
    }

    record Labels(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {}

    record Patch(String path, String patch, Map<String, String> target) {}

    record Image(String name, String newName, String newTag, String digest) {}
}
