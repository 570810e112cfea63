package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:ring}. */
@Command(scope = "emulator", name = "ring", description = "Rings the device: an incoming call from a number (and name)")
@Service
public class EmulatorRingCommand extends EmulatorCommandSupport {

    @Argument(index = 1, name = "number", description = "Calling number", required = true)
    String number;

    @Argument(index = 2, name = "name", description = "Calling name")
    String name;

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.ring(number, name == null ? "" : name);
    }
}
