package org.actionbridge.shell.internal;

import org.actionbridge.actionurl.DiscoveryInbox;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:approve}: turns an inbox entry into a configured thing. */
@Command(scope = "phone", name = "approve", description = "Approves a phone of the inbox: writes its configuration (etc/org.actionbridge.phone-<id>.cfg)")
@Service
public class PhoneApproveCommand extends PhoneCommandSupport {

    @Argument(index = 0, name = "mac", description = "MAC of the inbox entry (or its ip:... key)", required = true)
    String key;

    @Argument(index = 1, name = "id", description = "Id of the new thing; derived from the MAC when left out")
    String thingId;

    @Reference(optional = true)
    DiscoveryInbox inbox;

    @Override
    public Object execute() throws CommandException {
        String id;
        try {
            id = ProvidingFeature.RECEIVER.require(inbox).approve(key, thingId);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandException(e.getMessage()); // shown on the console; no stack trace in karaf.log
        }
        out().println("approved " + key + " as thing " + id);
        return null;
    }
}
