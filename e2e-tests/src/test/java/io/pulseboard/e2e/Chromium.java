package io.pulseboard.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The system's headless chromium driven by Playwright: the browser tests use the distribution's
 * package (installed by .ci/install-test-tools.sh), never a downloaded one. Without it they fail, saying so.
 */
public final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final List<String> ARGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run");

    private Chromium() {}

    /** The chromium to use: {@code -Dpulse.chromium=PATH}, or the first of {@link #NAMES} on PATH. */
    public static Path executable() {
        String configured = System.getProperty("pulse.chromium", System.getenv("PULSE_CHROMIUM"));
        if (configured != null && !configured.isBlank()) {
            Path path = Paths.get(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("the dashboard's browser tests were pointed at " + path
                        + " (pulse.chromium / PULSE_CHROMIUM), which is not an executable chromium");
            }
            return path;
        }
        return find().orElseThrow(
                        () -> new IllegalStateException("the dashboard's browser tests need a chromium: none of "
                                + NAMES
                                + " is on PATH. Install it with .ci/install-test-tools.sh (Debian: apt-get install chromium), "
                                + "or point -Dpulse.chromium at one."));
    }

    private static Optional<Path> find() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> NAMES.stream().map(name -> Paths.get(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Playwright's driver only; no browser download. */
    public static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    public static Browser launch(Playwright playwright) {
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(executable())
                        .setHeadless(true)
                        .setArgs(ARGS));
    }
}
