package io.pulseboard.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Map handling shared by the records: never null, insertion order kept, not modifiable. */
final class OrderedMaps {

    private OrderedMaps() {}

    static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        return map == null || map.isEmpty()
                ? Collections.emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
