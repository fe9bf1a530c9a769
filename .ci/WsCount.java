import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waits until the gateway's WebSocket shows exactly EXPECTED events for STREAM (summed over its
 * hours, from the latest metrics message of each), as a browser would see them:
 *
 *   java -cp PULSE_INFRA_CLASSPATH .ci/WsCount.java WS_URL TOKEN STREAM EXPECTED [TIMEOUT_S]
 *
 * Exit 0 with the count; 1 if the count goes above EXPECTED or does not reach it in time.
 */
public class WsCount {

    public static void main(String[] args) {
        URI uri = URI.create(args[0]);
        String stream = args[2];
        long expected = Long.parseLong(args[3]);
        Duration timeout = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 120);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> countByHour = new TreeMap<>();
        try (WsClient ws = WsClient.connect(uri, Map.of("Authorization", "Bearer " + args[1]), true)) {
            ws.send("{\"type\":\"subscribe\",\"streams\":[\"" + stream + "\"],\"kinds\":[\"metrics\"]}");
            while (System.nanoTime() < deadline) {
                JsonNode message;
                try {
                    message = ws.next();
                } catch (AssertionError quiet) {
                    continue; // no update for a while: keep waiting until the deadline
                }
                JsonNode data = message.path("data");
                if (!"metrics".equals(message.path("type").asText()) || !stream.equals(data.path("stream").asText())) {
                    continue;
                }
                countByHour.put(data.path("hour").asText(), data.path("count").asLong());
                long total = countByHour.values().stream().mapToLong(Long::longValue).sum();
                if (total == expected) {
                    System.out.println(total);
                    return;
                }
                if (total > expected) {
                    System.err.println("WebSocket: " + stream + " shows " + total + " events, more than the " + expected + " sent " + countByHour);
                    System.exit(1);
                }
            }
        }
        System.err.println("WebSocket: " + stream + " did not reach " + expected + " events within " + timeout.toSeconds() + " s: " + countByHour);
        System.exit(1);
    }
}
