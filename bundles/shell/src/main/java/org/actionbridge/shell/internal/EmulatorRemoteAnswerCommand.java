package org.actionbridge.shell.internal;

import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:remote-answer}. */
@Command(scope = "emulator", name = "remote-answer", description = "The remote party answers the device's outgoing call")
@Service
public class EmulatorRemoteAnswerCommand extends EmulatorCommandSupport {

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.remoteAnswer();
    }
}
