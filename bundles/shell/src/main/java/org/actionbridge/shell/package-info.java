/**
 * Karaf shell commands for operators: {@code phone:*} for things, {@code emulator:*} for emulated devices. Commands that change a phone need the
 * admin role (command ACLs in the distribution's {@code etc/org.apache.karaf.command.acl.phone.cfg}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.shell;
