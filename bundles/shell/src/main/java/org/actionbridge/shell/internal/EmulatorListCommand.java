package org.actionbridge.shell.internal;

import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code emulator:list}. */
@Command(scope = "emulator", name = "list", description = "Lists the emulated phones and intercoms")
@Service
public class EmulatorListCommand implements Action {

    @Reference(optional = true)
    EmulatorRegistry emulators;

    @Reference
    Session session;

    @Override
    public Object execute() throws CommandException {
        ShellTable table = new ShellTable();
        for (String column : new String[] { "ID", "TYPE", "MODEL", "IP", "MAC", "REGISTRATION", "CALL", "REMOTE", "DND" }) {
            table.column(column);
        }
        for (EmulatedDevice device : ProvidingFeature.EMULATOR.require(emulators).devices()) {
            DeviceState s = device.state();
            table.addRow().addContent(s.id(), s.type(), s.model(), s.ip(), s.mac(), s.registration(), s.callState(),
                    s.remoteNumber(), EmulatorCommandSupport.onOff(s.dnd()));
        }
        table.print(session.getConsole());
        return null;
    }
}
