package io.pulseboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real headless chromium against the whole stack as processes (Kafka, PostgreSQL,
 * the aggregator and the gateway, with tokens), fed by two {@code pulse} producers. The steps build on
 * each other, in order; each leaves a screenshot in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final String VIEWER = "viewer-dash";
    private static final String OPERATOR = "operator-dash";
    private static final String ALPHA = "dash.alpha";
    private static final String BETA = "dash.beta";
    private static final Path SCREENSHOTS = Stack.root().resolve("e2e-tests/target/screenshots");
    private static final Path WORK = Stack.root().resolve("e2e-tests/target/dashboard-it");

    private static PulseInfra infra;
    private static ServiceProcess aggregator;
    private static ServiceProcess gateway;
    private static Playwright playwright;
    private static Browser browser;
    private static BrowserContext context;
    private static Page page;
    private static Instant eventTime;
    private static final List<String> problems = new CopyOnWriteArrayList<>();
    private static final List<String> framesSent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // First, so that a machine without chromium fails at once and says why.
        Chromium.executable();
        PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
        infra = PulseInfra.start(InfraOptions.defaults());
        aggregator = Stack.start("aggregator-service", infra, Map.of("pulse.aggregator.persist-interval", "500ms"));
        aggregator.awaitReady(Stack.START_TIMEOUT);
        gateway = startGateway(null).awaitReady(Stack.START_TIMEOUT);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
        page = context.newPage();
        // The page must never break its Content-Security-Policy nor throw.
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                problems.add("CSP: " + m.text());
            }
        });
        page.onPageError(error -> problems.add("page error: " + error));
        page.onWebSocket(ws -> ws.onFrameSent(frame -> framesSent.add(frame.text())));
        eventTime = hourWithRoomToSpare();
    }

    private static ServiceProcess startGateway(Integer port) {
        Map<String, String> config = new HashMap<>(Map.of(
                "pulse.gateway.auth.viewer-tokens", VIEWER,
                "pulse.gateway.auth.operator-tokens", OPERATOR,
                "pulse.aggregator.url", aggregator.uri("").toString()));
        if (port != null) {
            // The same address again, as a restarted gateway behind the same name would have.
            config.put("quarkus.http.port", port.toString());
        }
        return Stack.start("gateway-service", infra, config);
    }

    /** All events carry one time in the current hour; with under 5 minutes of the hour left, the next hour is awaited. */
    private static Instant hourWithRoomToSpare() throws InterruptedException {
        Instant now = Instant.now();
        Instant nextHour = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        if (Duration.between(now, nextHour).toMinutes() < 5) {
            Thread.sleep(Duration.between(now, nextHour).plusSeconds(2).toMillis());
        }
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @AfterEach
    void noPolicyViolationsNorErrors() {
        assertThat(problems).as("CSP violations and uncaught errors in the page").isEmpty();
    }

    @AfterAll
    static void stop() {
        Stack.closeAll(context, browser, playwright, gateway, aggregator, infra);
    }

    // ---- the steps --------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theOverviewShowsTheExactCountsOfTwoProducersAfterTheTokenPrompt() throws Exception {
        Process alpha = pulse("alpha", events(ALPHA, 0, 40));
        Process beta = pulse("beta", events(BETA, 0, 25));
        awaitSent(alpha, "alpha");
        awaitSent(beta, "beta");

        page.navigate(gateway.uri("/").toString());
        Locator dialog = page.locator("#token-dialog");
        assertThat(dialog).isVisible();
        screenshot("01-token-prompt");
        page.locator("#token-input").fill(OPERATOR);
        page.locator("#token-form button[type=submit]").click();

        assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
        assertThat(card(ALPHA).locator("[data-field=count]")).hasText("40");
        assertThat(card(BETA).locator("[data-field=count]")).hasText("25");
        assertThat(card(ALPHA).locator("[data-field=error-rate]")).hasText("10 %");
        assertThat(card(BETA).locator("[data-field=error-rate]")).hasText("8 %");
        assertThat(card(ALPHA)).hasAttribute("data-live", "true");
        // The median of 10, 20, ..., 400 is 200 or 210 depending on the rank convention; the sketch adds up to 1 %.
        assertThat(card(ALPHA).locator("[data-field=p50]")).hasText(Pattern.compile("^(19[89]|20\\d|21[0-2])(\\.\\d+)?$"));
        assertThat(card(ALPHA).locator(".spark canvas")).isVisible();
        screenshot("02-overview");

        // The export holds what is shown.
        String csv = downloadText(() -> page.locator("button[data-export=csv]").click());
        assertThat(csv.lines()).anySatisfy(line -> assertThat(line).startsWith(ALPHA + ",true,").contains(",40,4,0.1,"));
        assertThat(sessionToken()).isEqualTo(OPERATOR);
    }

    @Test
    @Order(2)
    void filteringToOneStreamShowsOnlyItAndSubscribesToItOnly() {
        framesSent.clear();
        page.locator("#filter").fill("beta");
        assertThat(page.locator("#cards article.card")).hasCount(1);
        assertThat(page.locator("#cards article.card")).hasAttribute("data-stream", BETA);
        assertThat(card(BETA).locator("[data-field=count]")).hasText("25");
        page.waitForCondition(() -> framesSent.stream().anyMatch(f -> f.contains("\"subscribe\"") && f.contains("[\"" + BETA + "\"]")));
        assertThat(framesSent).anyMatch(f -> f.contains("\"unsubscribe\"") && f.contains("\"**\""));
        screenshot("03-filtered");

        page.locator("#filter").fill("dash.*");
        assertThat(page.locator("#cards article.card")).hasCount(2);
        page.locator("#filter").fill("");
    }

    @Test
    @Order(3)
    void theDetailPageShowsTheHistoryJoinedToTheLiveHour() throws Exception {
        card(ALPHA).locator("h2 a").click();
        assertThat(page).hasURL(Pattern.compile(".*#/stream/dash\\.alpha$"));
        assertThat(page.locator("[data-field=total-count]")).hasText("40");
        assertThat(page.locator("[data-field=total-errors]")).hasText("4");
        Locator hourRow = page.locator("#hours-table tbody tr[data-hour='" + eventTime.truncatedTo(ChronoUnit.HOURS) + "']");
        assertThat(hourRow.locator("[data-field=count]")).hasText("40");
        assertThat(page.locator("figure[data-chart=count] canvas")).isVisible();
        assertThat(page.locator("figure[data-chart='values-latency_ms'] canvas")).isVisible();
        assertThat(page.locator("figure[data-chart=errors] .u-legend")).containsText("timeout");
        page.locator("button[data-range='7d']").click();
        assertThat(page.locator("[data-field=total-count]")).hasText("40");
        screenshot("04-detail");

        Download png = page.waitForDownload(() -> page.locator("figure[data-chart=count] button[data-export=png]").click());
        byte[] image = Files.readAllBytes(png.path());
        assertThat(image).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        String json = downloadText(() -> page.locator("button[data-export=json]").click());
        assertThat(json).contains("\"stream\": \"dash.alpha\"").contains("\"count\": 40");
    }

    @Test
    @Order(4)
    void aRuleCreatedInTheFormFiresAndItsAcknowledgementIsVisibleOverRest() {
        newRule("alpha too busy", "dash.*", "count > 30");
        page.locator("#rule-window").fill("10m");
        page.locator("#rule-severity").selectOption("critical");
        screenshot("05-rule-form");
        page.locator("#rule-form button[type=submit]").click();
        assertThat(page.locator("#rules-list tbody tr")).hasCount(1);
        assertThat(page.locator("#rules-list tbody tr td").nth(2)).hasText("count > 30");

        page.locator("nav a[data-nav=alerts]").click();
        Locator firing = page.locator("#active-alerts tr[data-state=firing]");
        assertThat(firing).hasCount(1);
        assertThat(firing).containsText(ALPHA);
        assertThat(firing).containsText("critical");
        screenshot("06-alert-firing");

        String id = firing.getAttribute("data-alert-id");
        page.locator("#ack-by").fill("e2e-operator");
        page.locator("#ack-by").dispatchEvent("change");
        firing.locator("input[data-field=comment]").fill("looking into <b>it</b>");
        firing.locator("form.ack button[type=submit]").click();
        assertThat(firing.locator("[data-field=acknowledged]")).containsText("looking into <b>it</b>");
        screenshot("07-alert-acknowledged");

        given().get(aggregator.uri("/api/alerts/" + id)).then().statusCode(200)
                .body("acknowledged_by", equalTo("e2e-operator"))
                .body("comment", equalTo("looking into <b>it</b>"))
                .body("state", equalTo("firing"));
        // The same through the gateway, as the page saw it.
        given().header("Authorization", "Bearer " + VIEWER).get(gateway.uri("/api/alerts/" + id)).then().statusCode(200)
                .body("acknowledged_by", equalTo("e2e-operator"));
        assertThat(page.locator("#alert-history tr[data-alert-id='" + id + "']")).containsText("e2e-operator");
    }

    @Test
    @Order(5)
    void aBadExpressionShowsTheServersMessageNextToTheFieldAndRulesAreEditedDisabledAndDeleted() {
        newRule("broken", ALPHA, "p95(latency_ms > 500");
        page.locator("#rule-form button[type=submit]").click();

        String serverMessage = given().contentType("application/json")
                .body("{\"name\":\"broken\",\"stream\":\"dash.alpha\",\"expr\":\"p95(latency_ms > 500\"}".getBytes(StandardCharsets.UTF_8))
                .post(aggregator.uri("/api/rules")).then().statusCode(400)
                .extract().path("errors.find { it.field == 'expr' }.message");
        assertThat(serverMessage).isNotBlank();
        Locator exprError = page.locator("[data-error-for=expr]");
        assertThat(exprError).hasText(Pattern.compile("^" + literal(serverMessage) + "( \\(at \\d+\\))?$"));
        assertThat(page.locator("[data-error-for=name]")).isEmpty();
        screenshot("08-rule-bad-expression");
        assertThat(page.locator("#rules-list tbody tr")).hasCount(1);

        // Corrected, it is created; then edited, disabled and deleted from the list, as the API then says.
        page.locator("#rule-expr").fill("p95(latency_ms) > 100000");
        page.locator("#rule-form button[type=submit]").click();
        Locator broken = page.locator("#rules-list tbody tr", new Page.LocatorOptions().setHasText("broken"));
        assertThat(broken).hasCount(1);
        broken.locator("button", new Locator.LocatorOptions().setHasText("Edit")).click();
        assertThat(page.locator("#rule-expr")).hasValue("p95(latency_ms) > 100000");
        page.locator("#rule-expr").fill("p99(latency_ms) > 200000");
        page.locator("#rule-form button[type=submit]").click();
        assertThat(broken.locator("code")).hasText("p99(latency_ms) > 200000");
        assertThat(given().get(aggregator.uri("/api/rules")).then().statusCode(200).extract()
                .<String>path("find { it.name == 'broken' }.expr")).isEqualTo("p99(latency_ms) > 200000");
        broken.locator("button", new Locator.LocatorOptions().setHasText("Disable")).click();
        assertThat(broken.locator("[data-field=enabled]")).hasText("no");
        assertThat(given().get(aggregator.uri("/api/rules")).then().extract()
                .<Boolean>path("find { it.name == 'broken' }.enabled")).isFalse();
        broken.locator("button", new Locator.LocatorOptions().setHasText("Delete")).click();
        broken.locator("button", new Locator.LocatorOptions().setHasText("Really delete?")).click();
        assertThat(broken).hasCount(0);
        assertThat(given().get(aggregator.uri("/api/rules")).then().extract().<List<String>>path("name"))
                .containsExactly("alpha too busy");
    }

    @Test
    @Order(6)
    void aRestartedGatewayShowsReconnectingThenTheRightNumbersAgain() throws Exception {
        page.locator("nav a[data-nav=overview]").click();
        assertThat(card(ALPHA).locator("[data-field=count]")).hasText("40");
        int port = gateway.port();
        gateway.close();

        assertThat(page.locator("#connection")).hasAttribute("data-state", Pattern.compile("reconnecting|offline"));
        assertThat(card(ALPHA)).hasAttribute("data-live", "false");
        assertThat(card(ALPHA)).hasClass(Pattern.compile("\\bstale\\b"));
        assertThat(page.locator("#stale-banner")).isVisible();
        screenshot("09-gateway-down");

        // Events keep coming while the gateway is away.
        awaitSent(pulse("alpha-more", events(ALPHA, 40, 10)), "alpha-more");
        gateway = startGateway(port).awaitReady(Stack.START_TIMEOUT);

        assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
        assertThat(card(ALPHA).locator("[data-field=count]")).hasText("50");
        assertThat(card(ALPHA)).hasAttribute("data-live", "true");
        assertThat(card(BETA).locator("[data-field=count]")).hasText("25");
        assertThat(card(BETA)).hasAttribute("data-live", "true");
        assertThat(page.locator("#stale-banner")).isHidden();
        screenshot("10-gateway-back");
    }

    @Test
    @Order(7)
    void fitsAPhoneWidthInBothThemes() {
        page.setViewportSize(390, 844);
        assertThat(card(ALPHA).locator("[data-field=count]")).hasText("50");
        String before = page.locator("html").getAttribute("data-theme");
        page.locator("#theme").click();
        assertThat(page.locator("html")).not().hasAttribute("data-theme", before);
        assertThat(card(ALPHA).locator("[data-field=count]")).hasText("50");
        Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at phone width").isLessThanOrEqualTo(0);
        screenshot("11-phone");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Locator card(String stream) {
        return page.locator("#cards article.card[data-stream='" + stream + "']");
    }

    /** Opens the rule form from the rules view and fills what every rule needs. */
    private static void newRule(String name, String stream, String expr) {
        page.locator("nav a[data-nav=rules]").click();
        page.locator("#new-rule").click();
        page.locator("#rule-name").fill(name);
        page.locator("#rule-stream").fill(stream);
        page.locator("#rule-expr").fill(expr);
    }

    /** A regular expression matching the text as is (Playwright hands patterns to the browser, which knows no \\Q...\\E). */
    private static String literal(String text) {
        return text.replaceAll("[.*+?^${}()|\\[\\]\\\\/]", "\\\\$0");
    }

    private static String sessionToken() {
        return (String) page.evaluate("sessionStorage.getItem('pulseboard.token')");
    }

    /** NDJSON events of a stream: every tenth an error (timeout, or http_500 for every fortieth), latency 10 ms × (i + 1). */
    private static Path events(String stream, int first, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String error = i % 10 != 9 ? "" : ",\"status\":\"error\",\"error_type\":\"" + (i % 40 == 39 ? "http_500" : "timeout") + "\"";
            lines.add("{\"stream\":\"" + stream + "\",\"time\":\"" + eventTime + "\"" + error
                    + ",\"values\":{\"latency_ms\":" + 10 * (i + 1) + "},\"source\":\"dashboard-it\"}");
        }
        Files.createDirectories(WORK);
        Path file = WORK.resolve(stream + "-" + first + ".ndjson");
        Files.write(file, lines);
        return file;
    }

    /** A {@code pulse pipe} producer (bin/pulse, as a user runs it) of one file. */
    private static Process pulse(String name, Path file) throws IOException {
        return new ProcessBuilder(Stack.root().resolve("bin/pulse").toString(), "pipe", "--bootstrap-servers",
                infra.kafkaBootstrapServers(), file.toString())
                .redirectErrorStream(true).redirectOutput(WORK.resolve("pulse-" + name + ".log").toFile()).start();
    }

    private static void awaitSent(Process producer, String name) throws Exception {
        if (!producer.waitFor(2, TimeUnit.MINUTES)) {
            producer.destroyForcibly();
            throw new AssertionError("pulse " + name + " did not finish");
        }
        assertThat(producer.exitValue()).as("exit code of pulse " + name + ": "
                + Files.readString(WORK.resolve("pulse-" + name + ".log"))).isZero();
    }

    private static String downloadText(Runnable click) throws IOException {
        Download download = page.waitForDownload(click);
        return Files.readString(download.path());
    }

    private static void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
