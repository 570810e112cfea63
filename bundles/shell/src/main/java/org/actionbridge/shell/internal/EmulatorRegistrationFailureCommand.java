package org.actionbridge.shell.internal;

import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:registration-failure}. */
@Command(scope = "emulator", name = "registration-failure", description = "The SIP registration of the device fails")
@Service
public class EmulatorRegistrationFailureCommand extends EmulatorCommandSupport {

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.registrationFailure();
    }
}
