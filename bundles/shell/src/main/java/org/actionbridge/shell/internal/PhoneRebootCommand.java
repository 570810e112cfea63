package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:reboot}. */
@Command(scope = "phone", name = "reboot", description = "Restarts the device")
@Service
public class PhoneRebootCommand extends NoValueCommandSupport {

    @Override
    String command() {
        return "reboot";
    }
}
