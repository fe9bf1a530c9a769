package io.pulseboard.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What a body may be beyond its events: its size (413 with the limit, also for what a compressed body
 * inflates to), its content encoding (gzip is read, others are 415), and how deep its JSON nests.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class BodyLimitsTest {

    private static final long LIMIT = 64L * 1024 * 1024;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBodyAnnouncedOverTheLimitIsA413ProblemThatSaysTheLimitAndTheSetting() throws IOException {
        String answer = rawPost(
                "Content-Type: application/x-ndjson\r\nContent-Length: " + (LIMIT + 1) + "\r\n",
                "{\"stream\":\"big.api\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(answer)
                .startsWith("HTTP/1.1 413")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains(String.valueOf(LIMIT))
                .contains("quarkus.http.limits.max-body-size");
    }

    @Test
    void aGzipBodyIsReadAndCountedExactlyAsThePlainOne() throws IOException {
        String plain = ndjson("plain");
        String zipped = ndjson("zipped");
        Response asPlain =
                given().contentType("application/x-ndjson").body(utf8(plain)).post("/api/events");
        Response asGzip = given().contentType("application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .body(gzip(utf8(zipped)))
                .post("/api/events");
        asPlain.then()
                .statusCode(200)
                .body("received", equalTo(3))
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("problems", hasSize(1));
        asGzip.then().statusCode(200);
        assertThat(asGzip.jsonPath().getMap("")).isEqualTo(asPlain.jsonPath().getMap(""));
        List<String> published = TopicReader.readAll(bootstrapServers, Topics.EVENTS).stream()
                .map(r -> r.value())
                .filter(v -> v.contains(run + "-zipped-"))
                .toList();
        assertThat(published).hasSize(2);
    }

    @Test
    void aGzipBombIsA413NotAnOutOfMemory() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 100; i++) {
                zip.write(zeros);
            }
        }
        given().contentType("application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .body(packed.toByteArray())
                .post("/api/events")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body(
                        "detail",
                        allOf(
                                containsString(String.valueOf(LIMIT)),
                                containsString("quarkus.http.limits.max-body-size")));
        given().contentType("application/x-ndjson")
                .body(utf8(ndjson("after-bomb")))
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2));
    }

    @Test
    void anEncodingThatIsNotReadIsA415NamingIt() {
        for (String encoding : List.of("xyz", "compress")) {
            given().contentType("application/x-ndjson")
                    .header("Content-Encoding", encoding)
                    .body(utf8("\u0001\u0002\u0003"))
                    .post("/api/events")
                    .then()
                    .statusCode(415)
                    .contentType(startsWith("application/problem+json"))
                    .body("detail", allOf(containsString("'" + encoding + "'"), containsString("gzip")));
        }
    }

    @Test
    void deeplyNestedJsonIsRejectedPerEventWithItsReason() {
        String deepArray = "{\"stream\":\"deep.api\",\"id\":\"" + run + "-d1\",\"tags\":{\"a\":" + "[".repeat(2000)
                + "]".repeat(2000) + "}}";
        String deepObject = "{\"stream\":\"deep.api\",\"id\":\"" + run + "-d2\",\"tags\":" + "{\"a\":".repeat(2000)
                + "1" + "}".repeat(2000) + "}";
        String fine = "{\"stream\":\"deep.api\",\"id\":\"" + run + "-d3\"}";
        given().contentType("application/x-ndjson")
                .body(utf8(deepArray + "\n" + deepObject + "\n" + fine + "\n"))
                .post("/api/events")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("received", equalTo(3))
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(2))
                .body("problems[0].line", equalTo(1))
                .body("problems[0].errors[0].message", containsString("nesting"))
                .body("problems[1].line", equalTo(2))
                .body("problems[1].errors[0].message", containsString("nesting"));
    }

    /** Three events, one invalid, marked with this test's run and {@code name}. */
    private String ndjson(String name) {
        return "{\"stream\":\"zip.api\",\"id\":\"" + run + "-" + name + "-1\",\"values\":{\"latency_ms\":12}}\n"
                + "{\"stream\":\"Zip API\",\"id\":\"" + run + "-" + name + "-2\"}\n"
                + "{\"stream\":\"zip.api\",\"id\":\"" + run + "-" + name + "-3\",\"status\":\"error\"}\n";
    }

    /** Sends headers and the start of a body on a plain socket and returns whatever the server answers. */
    private String rawPost(String headers, byte[] bodyStart) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/events HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n" + headers
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bodyStart);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(packed)) {
            zip.write(bytes);
        }
        return packed.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
