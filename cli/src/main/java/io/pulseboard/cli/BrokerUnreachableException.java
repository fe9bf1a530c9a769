package io.pulseboard.cli;

/** Kafka did not answer within the timeout, or the topic is not there. */
final class BrokerUnreachableException extends Exception {

    BrokerUnreachableException(String message) {
        super(message);
    }
}
