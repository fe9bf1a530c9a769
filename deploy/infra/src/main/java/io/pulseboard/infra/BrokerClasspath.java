package io.pulseboard.infra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Finds the classpath of the Kafka broker JVM: the pulse-kafka-broker jar (or its target/classes) and
 * the dependencies listed in its resource {@code io/pulseboard/broker/broker-classpath.txt}, which
 * the broker module's build writes (absolute paths into the local Maven repository).
 *
 * <p>The system property {@code pulse.infra.broker-classpath} replaces the whole lookup.
 */
final class BrokerClasspath {

    static final String OVERRIDE_PROPERTY = "pulse.infra.broker-classpath";
    static final String RESOURCE = "io/pulseboard/broker/broker-classpath.txt";
    static final String MAIN_CLASS = "io.pulseboard.broker.BrokerMain";

    private static volatile String cached;

    private BrokerClasspath() {}

    static String get() {
        String override = System.getProperty(OVERRIDE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return override;
        }
        String cp = cached;
        if (cp == null) {
            cp = find();
            cached = cp;
        }
        return cp;
    }

    private static String find() {
        URL url = resourceUrl();
        if (url == null) {
            throw new IllegalStateException("the Kafka broker launcher is not on the classpath (no " + RESOURCE
                    + "): depend on io.pulseboard:pulse-kafka-broker (with an exclusion of *:*) and build it with"
                    + " ./mvnw -pl deploy/kafka-broker install");
        }
        Path location = locationOf(url);
        String listed;
        try (InputStream in = url.openStream()) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + url, e);
        }
        List<String> entries = new ArrayList<>();
        entries.add(location.toString());
        List<String> missing = new ArrayList<>();
        for (String entry : listed.split("[" + File.pathSeparator + "\\r\\n]+")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (!Files.exists(Paths.get(e))) {
                missing.add(e);
            }
            entries.add(e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the Kafka broker's classpath (" + url + ") lists files that do not exist"
                    + " (was it built on another machine or with another local repository?), e.g. " + missing.get(0)
                    + "; rebuild it: ./mvnw -pl deploy/kafka-broker install");
        }
        return String.join(File.pathSeparator, entries);
    }

    private static URL resourceUrl() {
        ClassLoader[] loaders = {
            Thread.currentThread().getContextClassLoader(),
            BrokerClasspath.class.getClassLoader(),
            ClassLoader.getSystemClassLoader()
        };
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            URL url = loader.getResource(RESOURCE);
            if (url != null && ("jar".equals(url.getProtocol()) || "file".equals(url.getProtocol()))) {
                return url;
            }
        }
        // A class loader that serves resources from elsewhere (memory): look at java.class.path.
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            try {
                Path p = Paths.get(entry);
                if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(RESOURCE))) {
                    return p.resolve(RESOURCE).toUri().toURL();
                }
                if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
                    try (JarFile jar = new JarFile(p.toFile())) {
                        if (jar.getEntry(RESOURCE) != null) {
                            return new URL("jar:" + p.toUri() + "!/" + RESOURCE);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // try the next entry
            }
        }
        return null;
    }

    /** The jar, or the classes directory, that holds the resource. */
    private static Path locationOf(URL url) {
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                return Paths.get(c.getJarFileURL().toURI());
            }
            Path file = Paths.get(url.toURI());
            Path root = file;
            for (int i = 0; i < RESOURCE.split("/").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + url + " comes from", e);
        }
    }
}
