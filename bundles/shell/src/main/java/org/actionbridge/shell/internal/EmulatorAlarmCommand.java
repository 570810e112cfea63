package org.actionbridge.shell.internal;

import org.actionbridge.emulator.Alarm;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:alarm}. */
@Command(scope = "emulator", name = "alarm", description = "Triggers an intercom alarm: door-sensor-1, door-sensor-2 or tamper")
@Service
public class EmulatorAlarmCommand extends EmulatorCommandSupport {

    @Argument(index = 1, name = "kind", description = "door-sensor-1, door-sensor-2 or tamper", required = true)
    @Completion(value = StringsCompleter.class, values = { "door-sensor-1", "door-sensor-2", "tamper" })
    String kind;

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.alarm(Alarm.fromId(kind).orElseThrow(() -> new IllegalArgumentException("unknown alarm '" + kind + "': use door-sensor-1, door-sensor-2 or tamper")));
    }
}
