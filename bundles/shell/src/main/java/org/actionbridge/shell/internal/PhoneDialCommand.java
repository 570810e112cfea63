package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:dial}: Dials a number handsfree. */
@Command(scope = "phone", name = "dial", description = "Dials a number handsfree")
@Service
public class PhoneDialCommand extends ThingCommandSupport {

    @Argument(index = 1, name = "number", description = "Number to dial", required = true)
    String value;

    @Override
    public Object execute() throws Exception {
        out().println(submit(id, "dial", value));
        return null;
    }
}
