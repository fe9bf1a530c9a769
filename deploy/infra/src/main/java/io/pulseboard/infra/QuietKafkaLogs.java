package io.pulseboard.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the seam's own Kafka clients from logging their whole configuration and version at INFO in the
 * test logs of the modules (through JUL, which Quarkus' logging and JBoss LogManager back). Levels are
 * raised only while a client of the seam is created or closed, and restored afterwards.
 */
final class QuietKafkaLogs {

    private static final String[] LOGGERS = {
        "org.apache.kafka.common.config.AbstractConfig",
        "org.apache.kafka.clients.admin.AdminClientConfig",
        "org.apache.kafka.common.utils.AppInfoParser",
        "org.apache.kafka.common.metrics.Metrics",
    };

    private QuietKafkaLogs() {}

    static synchronized <T> T quietly(Supplier<T> action) {
        List<Logger> loggers = new ArrayList<>();
        List<Level> previous = new ArrayList<>();
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger);
            previous.add(logger.getLevel());
            if (logger.getLevel() == null || logger.getLevel().intValue() < Level.WARNING.intValue()) {
                logger.setLevel(Level.WARNING);
            }
        }
        try {
            return action.get();
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(previous.get(i));
            }
        }
    }

    static void quietly(Runnable action) {
        quietly(() -> {
            action.run();
            return null;
        });
    }
}
