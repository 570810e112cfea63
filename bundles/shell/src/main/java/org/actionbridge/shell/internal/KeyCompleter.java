package org.actionbridge.shell.internal;

import java.util.List;

import org.actionbridge.protocol.Key;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes Active URI key names (every alias of the catalogue of spec 3.3). */
@Service
public class KeyCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter keys = new StringsCompleter();
        for (Key key : Key.values()) {
            keys.getStrings().addAll(key.tokens());
        }
        return keys.complete(session, commandLine, candidates);
    }
}
