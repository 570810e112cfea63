package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:hold}. */
@Command(scope = "phone", name = "hold", description = "Puts the current call on hold or resumes it: on, off or toggle")
@Service
public class PhoneHoldCommand extends SwitchCommandSupport {

    @Override
    String command() {
        return "hold";
    }
}
