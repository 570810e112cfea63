package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:mwi}. */
@Command(scope = "emulator", name = "mwi", description = "Sets the number of waiting voice messages")
@Service
public class EmulatorMwiCommand extends EmulatorCommandSupport {

    @Argument(index = 1, name = "count", description = "Waiting messages", required = true)
    int count;

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.mwi(count);
    }
}
