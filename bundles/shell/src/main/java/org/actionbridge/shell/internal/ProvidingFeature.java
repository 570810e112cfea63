package org.actionbridge.shell.internal;

import org.apache.karaf.shell.support.CommandException;

/**
 * The optional bundles some commands use. Their services are optional references: Karaf registers none of a
 * bundle's commands while one of them has a mandatory reference missing, so a stopped emulator would take
 * {@code phone:list} with it.
 */
enum ProvidingFeature {
    RECEIVER("the Action URL receiver", "actionbridge-actionurl"),
    EMULATOR("the emulator", "actionbridge-emulator");

    private final String what;
    private final String feature;

    ProvidingFeature(String what, String feature) {
        this.what = what;
        this.feature = feature;
    }

    /** {@code service}, or a console error saying which feature is not running. */
    <T> T require(T service) throws CommandException {
        if (service == null) {
            throw new CommandException(what + " is not running: start its bundle or feature:install " + feature);
        }
        return service;
    }
}
