package org.actionbridge.shell.internal;

import java.io.PrintStream;

import org.actionbridge.emulator.DeviceState;
import org.actionbridge.emulator.EmulatedDevice;
import org.actionbridge.emulator.EmulatorRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/** An {@code emulator:*} command acting on one emulated device, printing its state afterwards. */
abstract class EmulatorCommandSupport implements Action {

    @Reference(optional = true)
    EmulatorRegistry emulators;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", description = "Emulated device id (emulator:list shows them)", required = true)
    @Completion(EmulatorIdCompleter.class)
    String id;

    /** What the command does to the device. */
    abstract DeviceState act(EmulatedDevice device);

    @Override
    public Object execute() throws CommandException {
        EmulatedDevice device = ProvidingFeature.EMULATOR.require(emulators).device(id).orElseThrow(() -> new CommandException(
                "no emulated device '" + id + "' (emulator:list shows the ids)"));
        try {
            print(session.getConsole(), act(device));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the device's own refusal, for the console: Karaf logs a CommandException without a stack trace
            throw new CommandException(e.getMessage());
        }
        return null;
    }

    static void print(PrintStream out, DeviceState state) {
        out.println(state.id() + ": " + state.callState() + (state.remoteNumber().isEmpty() ? ""
                : " " + state.remoteNumber() + (state.remoteName().isEmpty() ? "" : " (" + state.remoteName() + ")"))
                + ", calls " + state.calls().size() + ", DND " + onOff(state.dnd()) + ", mute " + onOff(state.mute())
                + ", screen " + state.screen());
    }

    static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
