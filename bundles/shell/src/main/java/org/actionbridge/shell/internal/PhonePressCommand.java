package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:press}: Presses an Active URI key sequence, e.g. SPEAKER;0000;ENTER. */
@Command(scope = "phone", name = "press", description = "Presses an Active URI key sequence, e.g. SPEAKER;0000;ENTER")
@Service
public class PhonePressCommand extends ThingCommandSupport {

    @Argument(index = 1, name = "keys", description = "Key sequence", required = true)
    @Completion(KeyCompleter.class)
    String value;

    @Override
    public Object execute() throws Exception {
        out().println(submit(id, "key", value));
        return null;
    }
}
