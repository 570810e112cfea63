package org.actionbridge.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** A command that switches a writable switch channel (dnd, hold, mute) on, off or over. */
abstract class SwitchCommandSupport extends ThingCommandSupport {

    @Argument(index = 1, name = "state", description = "on, off or toggle", required = true)
    @Completion(value = StringsCompleter.class, values = { "on", "off", "toggle" })
    String state;

    /** The command channel id. */
    abstract String command();

    @Override
    public Object execute() throws Exception {
        out().println(submit(id, command(), state, command() + " " + state.trim().toLowerCase(Locale.ROOT)));
        return null;
    }
}
