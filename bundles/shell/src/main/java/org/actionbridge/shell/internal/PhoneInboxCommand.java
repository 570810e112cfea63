package org.actionbridge.shell.internal;

import org.actionbridge.actionurl.DiscoveryInbox;
import org.actionbridge.actionurl.InboxEntry;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code phone:inbox}: phones that call us but have no configuration yet. */
@Command(scope = "phone", name = "inbox", description = "Lists unknown phones that sent Action URLs with a valid token")
@Service
public class PhoneInboxCommand extends PhoneCommandSupport {

    @Reference(optional = true)
    DiscoveryInbox inbox;

    @Override
    public Object execute() throws CommandException {
        ShellTable table = new ShellTable();
        for (String column : new String[] { "KEY", "IP", "MODEL", "FIRMWARE", "FIRST SEEN", "LAST SEEN", "LAST EVENT",
                "REQUESTS" }) {
            table.column(column);
        }
        for (InboxEntry entry : ProvidingFeature.RECEIVER.require(inbox).entries()) {
            table.addRow().addContent(entry.key(), entry.ip(), entry.model(), entry.firmware(), entry.firstSeen(),
                    entry.lastSeen(), entry.lastEvent(), entry.requests());
        }
        table.print(out());
        return null;
    }
}
