package org.actionbridge.shell.internal;

import java.util.Map;

import org.actionbridge.core.ChannelDefinition;
import org.actionbridge.core.ChannelKind;
import org.actionbridge.core.Channels;
import org.actionbridge.core.Thing;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Shows one thing: configuration (password masked), status, every channel, last events. */
@Command(scope = "phone", name = "show", description = "Shows a phone's configuration, status, channels and last events")
@Service
public class PhoneShowCommand extends ThingCommandSupport {

    @Reference
    RecentEvents events;

    @Override
    public Object execute() throws CommandException {
        Thing thing = thing(id);
        out().println(thing.uid() + "  \"" + thing.label() + "\"");
        out().println("status:        " + thing.status());
        out().println("address:       " + thing.ipAddress());
        out().println("last seen:     " + thing.lastSeen().map(Object::toString).orElse("never"));
        out().println("configuration: " + thing.configuration().map(Object::toString).orElse("invalid"));
        out().println("channels:");
        for (Map.Entry<String, ChannelDefinition> channel : Channels.of(thing.type()).entrySet()) {
            if (channel.getValue().kind() == ChannelKind.STATE) {
                out().printf("  %-22s %s%n", channel.getKey(), thing.state(channel.getKey()).orElse("-"));
            }
        }
        out().println("last events:");
        events.last(thing.id(), 10).forEach(line -> out().println("  " + line));
        return null;
    }
}
