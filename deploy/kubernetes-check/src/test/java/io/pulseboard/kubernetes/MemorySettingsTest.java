package io.pulseboard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The services' JVMs size their heap as a percentage of the container's memory
 * (-XX:MaxRAMPercentage), and every limit leaves enough for what is not heap. The images
 * (Dockerfiles), the Kubernetes manifests and the compose file state the same percentage.
 */
class MemorySettingsTest {

    /**
     * What each service needs beside its heap (metaspace, code, threads, Kafka and network buffers):
     * 1.5 times the most measured (RSS less the committed heap, under load; docs/scaling.md, Memory),
     * rounded up to 64 MiB.
     */
    private static final Map<String, Long> NON_HEAP_MIB = Map.of("ingest", 192L, "aggregator", 384L, "gateway", 256L);

    private static final Pattern PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    private static final Pattern DOCKERFILE_JAVA_OPTS = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"");
    private static final long MIB = 1024 * 1024;

    @Test
    void everyServiceDeploymentStatesItsHeapAndReservesItsLimit() {
        List<Manifests.Document> deployments = Manifests.documents().stream()
                .filter(d -> d.kind().equals("Deployment"))
                .toList();
        assertThat(deployments)
                .extracting(Manifests.Document::name)
                .containsExactlyInAnyOrderElementsOf(NON_HEAP_MIB.keySet());
        for (Manifests.Document d : deployments) {
            Deployment deployment = StrictYaml.read(d.tree(), Deployment.class, d.where());
            for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = d.where() + ", container " + c.getName();
                String javaOpts = c.getEnv().stream()
                        .filter(e -> e.getName().equals("JAVA_OPTS"))
                        .map(EnvVar::getValue)
                        .findFirst()
                        .orElse("");
                double percentage = percentage(javaOpts, where);
                assertThat(percentage)
                        .as("%s: MaxRAMPercentage as in its image", where)
                        .isEqualTo(imagePercentage(c.getName()));

                Quantity request = c.getResources().getRequests().get("memory");
                Quantity limit = c.getResources().getLimits().get("memory");
                assertThat(limit).as("%s: a memory limit", where).isNotNull();
                // Less than the limit requested, the pod could be scheduled where the heap it was told it has is not.
                assertThat(request).as("%s: memory request = limit", where).isEqualTo(limit);
                assertLeavesRoomBesideHeap(
                        c.getName(), limit.getNumericalAmount().longValueExact(), percentage, where);
            }
        }
    }

    @Test
    void composeLimitsLeaveRoomBesideTheImagesHeap() throws IOException {
        Map<String, Object> compose;
        try (Reader r = Files.newBufferedReader(Manifests.root().resolve("docker-compose.yml"))) {
            compose = new Yaml().load(r);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        for (String name : NON_HEAP_MIB.keySet()) {
            Map<String, Object> service = services.get(name);
            String where = "docker-compose.yml, service " + name;
            assertThat(service).as(where).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) service.getOrDefault("environment", Map.of());
            double percentage = env.containsKey("JAVA_OPTS")
                    ? percentage(String.valueOf(env.get("JAVA_OPTS")), where)
                    : imagePercentage(name);
            Object memLimit = service.get("mem_limit");
            assertThat(memLimit).as("%s: a mem_limit", where).isNotNull();
            assertLeavesRoomBesideHeap(name, composeBytes(memLimit.toString(), where), percentage, where);
        }
    }

    @Test
    void aLimitTooSmallBesideTheHeapIsNamed() {
        assertThatThrownBy(() -> assertLeavesRoomBesideHeap("ingest", 512 * MIB, 75, "x"))
                .hasMessageContaining("x: 128 MiB beside a heap of 384 MiB");
    }

    private static void assertLeavesRoomBesideHeap(String service, long limitBytes, double percentage, String where) {
        long heapMib = (long) (limitBytes * percentage / 100) / MIB;
        long rest = limitBytes / MIB - heapMib;
        assertThat(rest)
                .as(
                        "%s: %d MiB beside a heap of %d MiB (%s %% of %d MiB); it needs %d MiB",
                        where, rest, heapMib, percentage, limitBytes / MIB, NON_HEAP_MIB.get(service))
                .isGreaterThanOrEqualTo(NON_HEAP_MIB.get(service));
    }

    /** The MaxRAMPercentage of the service's image, from the JAVA_OPTS its Dockerfile sets. */
    private static double imagePercentage(String service) {
        Path dockerfile = Manifests.root().resolve(service + "-service/Dockerfile");
        String text;
        try {
            text = Files.readString(dockerfile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dockerfile, e);
        }
        Matcher m = DOCKERFILE_JAVA_OPTS.matcher(text);
        // The service's stage is the first that sets JAVA_OPTS (ingest's CLI stage sets its own after).
        assertThat(m.find()).as("%s sets JAVA_OPTS", dockerfile).isTrue();
        return percentage(m.group(1), dockerfile.toString());
    }

    private static double percentage(String javaOpts, String where) {
        Matcher m = PERCENTAGE.matcher(javaOpts);
        assertThat(m.find())
                .as("%s: JAVA_OPTS states -XX:MaxRAMPercentage (it is '%s')", where, javaOpts)
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** A compose memory size: bytes, or a number with b, k, m or g (powers of 1024). */
    static long composeBytes(String size, String where) {
        Matcher m = Pattern.compile("(\\d+)([bkmg]?)").matcher(size.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": mem_limit '" + size + "' is not a number with b, k, m or g");
        }
        long n = Long.parseLong(m.group(1));
        return n << (10 * "bkmg".indexOf(m.group(2).isEmpty() ? "b" : m.group(2)));
    }
}
