package org.actionbridge.shell.internal;

import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.actionbridge.core.CommandRequest;
import org.actionbridge.core.CommandResult;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

/**
 * What the {@code phone:*} commands share: finding a thing and submitting a command, with failures as
 * one readable line (an exception message the console prints without a stack trace).
 */
abstract class PhoneCommandSupport implements Action {

    static final int RESULT_TIMEOUT_SECONDS = 130;

    @Reference
    ThingRegistry registry;

    @Reference
    Session session;

    /** The console of the session running the command. */
    PrintStream out() {
        return session.getConsole();
    }

    Thing thing(String id) throws CommandException {
        return registry.get(id).orElseThrow(() -> new CommandException("no thing '" + id
                + "' (phone:list shows the ids)"));
    }

    /** Submits a command and returns its result line; a failed command throws with the reason. */
    String submit(String thingId, String command, String value) throws InterruptedException, CommandException {
        // the value is not shown: a door code is not for the screen
        return submit(thingId, command, value, command);
    }

    /**
     * As {@link #submit(String, String, String)}, the result line saying {@code done} for what was done; the
     * thing comes first, as "dnd off on demo" read as the opposite state.
     */
    String submit(String thingId, String command, String value, String done)
            throws InterruptedException, CommandException {
        thing(thingId);
        CommandResult result;
        try {
            result = registry.submit(CommandRequest.of(thingId, command, value, "shell")).toCompletableFuture()
                    .get(RESULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandException(command + " on " + thingId + " did not finish: " + e.getMessage());
        }
        if (!result.ok()) {
            throw new CommandException(command + " on " + thingId + " failed: " + result.error().get() + ": "
                    + result.message());
        }
        return thingId + ": " + done + ": ok"
                + (result.transport().isEmpty() ? ""
                : " (" + result.transport() + ", " + result.duration().toMillis() + " ms)")
                + (result.message().isEmpty() ? "" : " " + result.message());
    }
}
