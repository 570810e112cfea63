package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:transfer}: blind, or attended with {@code --attended}. */
@Command(scope = "phone", name = "transfer", description = "Transfers the current call to a number (blind unless --attended)")
@Service
public class PhoneTransferCommand extends ThingCommandSupport {

    @Argument(index = 1, name = "number", description = "Number to transfer to", required = true)
    String number;

    @Option(name = "--attended", aliases = "-a", description = "Call the number first; answer with phone:press <id> OK to complete")
    boolean attended;

    @Override
    public Object execute() throws Exception {
        out().println(submit(id, "transfer", attended ? "attended:" + number : number));
        return null;
    }
}
