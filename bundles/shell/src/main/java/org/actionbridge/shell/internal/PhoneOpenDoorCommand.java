package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:open-door}: Opens the door with its code (F_LOCK). */
@Command(scope = "phone", name = "open-door", description = "Opens the door with its code (F_LOCK)")
@Service
public class PhoneOpenDoorCommand extends ThingCommandSupport {

    @Argument(index = 1, name = "code", description = "Door code", required = true)
    String value;

    @Override
    public Object execute() throws Exception {
        out().println(submit(id, "open-door", value));
        return null;
    }
}
