package io.pulseboard.gateway.ws;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages waiting for one connection, in order. A message with a key (a (stream, hour), a (stream,
 * minute), an alert) replaces the waiting message of the same key in its place: a client that falls behind
 * gets the latest state of everything, never a backlog of outdated ones. So the queue holds at most one
 * message per key; messages without a key (answers to requests) are kept each. A message that carries
 * several states (a minutes snapshot) drops the waiting messages of those states: a newer state queued
 * after it then comes after it, never before. Not thread-safe.
 */
final class OutboundQueue {

    private Map<Object, String> waiting;

    /** Adds a message; true when it replaced an older one of the same key (conflated). */
    boolean offer(String key, String frame) {
        if (waiting == null) {
            waiting = new LinkedHashMap<>();
        }
        Object slot = key == null ? new Object() : key;
        return waiting.put(slot, frame) != null;
    }

    /**
     * Adds a message that carries the states of the {@code carried} keys too: their waiting messages are
     * dropped (it holds those states at the same or a newer revision). Returns how many messages it replaced.
     */
    int offer(String key, String frame, Collection<String> carried) {
        int replaced = 0;
        if (waiting != null) {
            for (String carriedKey : carried) {
                if (waiting.remove(carriedKey) != null) {
                    replaced++;
                }
            }
        }
        return offer(key, frame) ? replaced + 1 : replaced;
    }

    /** The oldest waiting message, or null. */
    String poll() {
        if (waiting == null || waiting.isEmpty()) {
            return null;
        }
        Iterator<String> it = waiting.values().iterator();
        String frame = it.next();
        it.remove();
        if (waiting.isEmpty()) {
            // An idle connection keeps no table.
            waiting = null;
        }
        return frame;
    }

    int size() {
        return waiting == null ? 0 : waiting.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    void clear() {
        waiting = null;
    }
}
