package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:hangup}. */
@Command(scope = "phone", name = "hangup", description = "Hangs up or rejects the current call")
@Service
public class PhoneHangupCommand extends NoValueCommandSupport {

    @Override
    String command() {
        return "hangup";
    }
}
