package io.pulseboard.aggregator.alerts;

import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.util.List;

/** What the alert tests read back from pulse.alerts: the messages of one (rule, stream) key, oldest first. */
public final class AlertsOnTopic {

    private AlertsOnTopic() {}

    /** Every message on pulse.alerts with the record key {@code key}. */
    public static List<Alert> of(String bootstrap, String key) {
        return TopicReader.readAll(bootstrap, Topics.ALERTS).stream()
                .filter(r -> key.equals(r.key()))
                .map(r -> PulseJson.fromJson(r.value(), Alert.class))
                .toList();
    }

    /** The states of those messages. */
    public static List<AlertState> states(String bootstrap, String key) {
        return of(bootstrap, key).stream().map(Alert::state).toList();
    }
}
