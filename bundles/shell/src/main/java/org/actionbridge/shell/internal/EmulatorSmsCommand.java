package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code emulator:sms}. */
@Command(scope = "emulator", name = "sms", description = "The device receives an SMS")
@Service
public class EmulatorSmsCommand extends EmulatorCommandSupport {

    @Argument(index = 1, name = "from", description = "Sender", required = true)
    String from;

    @Argument(index = 2, name = "text", description = "Text", required = true)
    String text;

    @Override
    DeviceState act(EmulatedDevice device) {
        return device.sms(from, text);
    }
}
