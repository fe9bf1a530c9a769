package io.pulseboard.gateway.feed;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The thread and consumer of one topic reader: started with the application, woken and joined when it
 * stops. The reader's loop runs while {@link #running()}.
 */
final class FeedLoop {

    private final String threadName;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    FeedLoop(String threadName) {
        this.threadName = threadName;
    }

    void start(Runnable reader) {
        thread = new Thread(reader, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the loop: a poll in progress is woken (WakeupException), and the thread gets 10 s to finish. */
    void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    boolean running() {
        return running;
    }

    /** The reader's consumer ({@link FeedConsumer#settings}), known to {@link #stop()} so that it can wake it. */
    KafkaConsumer<byte[], byte[]> open(Map<String, Object> kafkaConfig) {
        KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(
                FeedConsumer.settings(kafkaConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer = kafka;
        return kafka;
    }

    /** Waits before a retry; an interrupt ends the loop. */
    void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
