package org.actionbridge.shell.internal;

/** A command that sends one command channel without a value to a thing. */
abstract class NoValueCommandSupport extends ThingCommandSupport {

    /** The command channel id. */
    abstract String command();

    @Override
    public Object execute() throws Exception {
        out().println(submit(id, command(), ""));
        return null;
    }
}
