package org.actionbridge.shell.internal;

import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:remote-hangup}. */
@Command(scope = "emulator", name = "remote-hangup", description = "The remote party hangs up the focused call")
@Service
public class EmulatorRemoteHangupCommand extends EmulatorCommandSupport {

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.remoteHangup();
    }
}
