package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Frames meant to break the edge: too large to read at all, or nested deeper than any message needs. */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class HostileFramesTest {

    @TestHTTPResource("/ws")
    URI http;

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void aFrameTooLargeToReadEndsWithClose1009AndAReason() throws Exception {
        // One frame, as some clients send a large message (the JDK's client would cut it in fragments).
        WsClient.Closed closed = closeAfterOneFrame(200_000);
        assertThat(closed.code()).isEqualTo(1009);
        assertThat(closed.reason()).isNotBlank();
        // Others are still served.
        try (WsClient other = WsClient.connect(ws())) {
            other.next("welcome");
            other.send("{\"type\":\"ping\",\"ts\":7}");
            assertThat(other.next("pong").path("ts").asLong()).isEqualTo(7);
        }
    }

    @Test
    void aMessageInFragmentsOverTheMessageLimitEndsWithClose1009AndAReason() throws Exception {
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        CompletableFuture<String> closeReason = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(ws(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeReason.complete(reason);
                        closeCode.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closeCode.completeExceptionally(error);
                    }
                })
                .get(30, TimeUnit.SECONDS);
        String part = "x".repeat(30_000);
        socket.sendText("{\"type\":\"ping\",\"pad\":\"", false).join();
        for (int i = 0; i < 3; i++) {
            socket.sendText(part, false).join();
        }
        socket.sendText("\"}", true).join();
        assertThat(closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1009);
        assertThat(closeReason.get()).isNotBlank();
        socket.abort();
    }

    @Test
    void deeplyNestedFramesGetAnErrorAndTheConnectionStaysOpen() {
        try (WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            for (String frame : new String[] {
                "[".repeat(1000) + "]".repeat(1000),
                "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(1000) + "1" + "}".repeat(1000),
                "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
                "{\"type\":\"ping\",\"ts\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                "[".repeat(3000)
            }) {
                client.send(frame);
                JsonNode error = client.next("error");
                assertThat(error.path("code").asText()).as(error.toString()).isIn("bad_json", "bad_request");
                assertThat(error.path("message").asText()).isNotBlank();
            }
            // As deep as a message may be, a ping's ts is still echoed.
            client.send("{\"type\":\"ping\",\"ts\":" + "[".repeat(999) + "1" + "]".repeat(999) + "}");
            assertThat(client.next("pong").path("ts").isArray()).isTrue();
            client.send("{\"type\":\"ping\",\"ts\":1}");
            assertThat(client.next("pong").path("ts").asLong()).isEqualTo(1);
            assertThat(client.isClosed()).isFalse();
        }
    }

    /**
     * Opens a WebSocket on a plain socket, sends one masked text frame of {@code size} bytes, and returns the
     * close frame the server answers with; code 1006 if the connection ends without one.
     */
    private WsClient.Closed closeAfterOneFrame(int size) throws IOException {
        try (Socket socket = new Socket(ws().getHost(), ws().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET /ws HTTP/1.1\r\nHost: " + ws().getHost() + ":" + ws().getPort() + "\r\nUpgrade: websocket\r\n"
                                    + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                                    + Base64.getEncoder().encodeToString(new byte[16])
                                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            byte[] payload =
                    ("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(0x80 | 127);
            frame.write(ByteBuffer.allocate(8).putLong(payload.length).array());
            frame.write(new byte[4]); // a zero mask leaves the payload as it is
            frame.write(payload);
            try {
                out.write(frame.toByteArray());
                out.flush();
            } catch (IOException closedWhileSending) {
                // The answer may already be there.
            }
            try {
                while (true) {
                    int first = in.readUnsignedByte();
                    int length = in.readUnsignedByte() & 0x7f;
                    long bytes = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                    byte[] body = in.readNBytes((int) bytes);
                    if ((first & 0x0f) == 0x8) {
                        int code = body.length >= 2 ? ((body[0] & 0xff) << 8) | (body[1] & 0xff) : 1005;
                        return new WsClient.Closed(
                                code,
                                new String(
                                        body,
                                        Math.min(2, body.length),
                                        Math.max(0, body.length - 2),
                                        StandardCharsets.UTF_8));
                    }
                }
            } catch (EOFException | SocketException endedWithoutClose) {
                return new WsClient.Closed(1006, "");
            }
        }
    }
}
