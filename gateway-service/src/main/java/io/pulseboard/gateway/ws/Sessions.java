package io.pulseboard.gateway.ws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of this instance, by connection id. */
@ApplicationScoped
public class Sessions {

    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        byId.put(session.id(), session);
    }

    ClientSession get(String id) {
        return byId.get(id);
    }

    ClientSession remove(String id) {
        return byId.remove(id);
    }

    Collection<ClientSession> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
