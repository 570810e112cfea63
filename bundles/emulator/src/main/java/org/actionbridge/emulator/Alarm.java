package org.actionbridge.emulator;

import java.util.Optional;

import org.actionbridge.protocol.ActionEvent;

/** The alarms of a door intercom that the outside world can trigger, with the event each fires. */
public enum Alarm {
    /** Door magnetic contact 1. */
    DOOR_SENSOR_1("door-sensor-1", ActionEvent.DOOR_SENSOR_1),
    /** Door magnetic contact 2. */
    DOOR_SENSOR_2("door-sensor-2", ActionEvent.DOOR_SENSOR_2),
    /** Anti-demolition (tamper) switch. */
    TAMPER("tamper", ActionEvent.TAMPER);

    private final String id;
    private final ActionEvent event;

    Alarm(String id, ActionEvent event) {
        this.id = id;
        this.event = event;
    }

    /** The name used by the control API: {@code door-sensor-1}, {@code door-sensor-2} or {@code tamper}. */
    public String id() {
        return id;
    }

    /** The Action URL event the alarm fires. */
    public ActionEvent event() {
        return event;
    }

    /** The alarm with this control API name, ignoring case. */
    public static Optional<Alarm> fromId(String id) {
        for (Alarm a : values()) {
            if (a.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
