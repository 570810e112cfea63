package org.actionbridge.shell.internal;

import org.actionbridge.core.Channels;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.core.Thing;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** Lists the things. */
@Command(scope = "phone", name = "list", description = "Lists the phones and intercoms with their status and call state")
@Service
public class PhoneListCommand extends PhoneCommandSupport {

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("TYPE");
        table.column("HOST");
        table.column("MAC");
        table.column("STATUS");
        table.column("CALL");
        for (Thing thing : registry.getAll()) {
            table.addRow().addContent(thing.id(), thing.type().id(), thing.ipAddress(),
                    thing.configuration().map(PhoneConfiguration::mac).orElse(""), thing.status().toString(),
                    thing.state(Channels.CALL_STATE).orElse("-"));
        }
        table.print(out());
        return null;
    }
}
