package org.actionbridge.shell.internal;

import java.util.List;

import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the configured things. */
@Service
public class ThingIdCompleter implements Completer {

    @Reference
    ThingRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Thing thing : registry.getAll()) {
            ids.getStrings().add(thing.id());
        }
        return ids.complete(session, commandLine, candidates);
    }
}
