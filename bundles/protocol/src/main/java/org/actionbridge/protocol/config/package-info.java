/**
 * Reading the values of a configuration (Karaf's {@code etc/*.cfg}, Config Admin) the way every
 * ActionBridge bundle reports a wrong one: collected, each message naming its key. No OSGi runtime
 * dependency and no I/O.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.protocol.config;
