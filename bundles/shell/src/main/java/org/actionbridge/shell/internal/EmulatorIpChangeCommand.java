package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:ip-change}. */
@Command(scope = "emulator", name = "ip-change", description = "The device gets a new IP address (fires ip_changed)")
@Service
public class EmulatorIpChangeCommand extends EmulatorCommandSupport {

    @Argument(index = 1, name = "ip", description = "New address", required = true)
    String ip;

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.ipChange(ip);
    }
}
