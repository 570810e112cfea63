/**
 * Emulated Fanvil phone and door intercom: Active URI HTTP server, SIP NOTIFY listener, call state machine, Action URL sender.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.actionbridge.emulator;
