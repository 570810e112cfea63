package org.actionbridge.shell.internal;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.protocol.ActionUrlGenerator.ActionUrlLine;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:action-urls}: what to type into the phone's "Action URL Settings" page. */
@Command(scope = "phone", name = "action-urls", description = "Prints the URL of every event to enter in the phone's web page (Phone > Feature > Action URL Settings)")
@Service
public class PhoneActionUrlsCommand extends ThingCommandSupport {

    @Reference(optional = true)
    ActionUrlSetup setup;

    @Override
    public Object execute() throws CommandException {
        thing(id);
        for (ActionUrlLine line : ProvidingFeature.RECEIVER.require(setup).lines(id)) {
            out().printf("%-36s %s%n", line.label(), line.url());
        }
        return null;
    }
}
