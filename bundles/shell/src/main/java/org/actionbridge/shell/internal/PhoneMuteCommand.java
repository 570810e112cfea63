package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:mute}. */
@Command(scope = "phone", name = "mute", description = "Mutes or unmutes the microphone: on, off or toggle")
@Service
public class PhoneMuteCommand extends SwitchCommandSupport {

    @Override
    String command() {
        return "mute";
    }
}
