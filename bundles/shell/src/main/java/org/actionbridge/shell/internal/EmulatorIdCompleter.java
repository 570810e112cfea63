package org.actionbridge.shell.internal;

import java.util.List;

import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the emulated devices. */
@Service
public class EmulatorIdCompleter implements Completer {

    @Reference(optional = true)
    EmulatorRegistry emulators;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        if (emulators == null) {
            return -1; // the emulator is not running: nothing to offer
        }
        for (EmulatedDevice device : emulators.devices()) {
            ids.getStrings().add(device.id());
        }
        return ids.complete(session, commandLine, candidates);
    }
}
