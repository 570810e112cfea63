package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:dnd}. */
@Command(scope = "phone", name = "dnd", description = "Switches Do Not Disturb: on, off or toggle")
@Service
public class PhoneDndCommand extends SwitchCommandSupport {

    @Override
    String command() {
        return "dnd";
    }
}
