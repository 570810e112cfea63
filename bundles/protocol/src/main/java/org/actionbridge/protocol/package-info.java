/**
 * The Fanvil Action URL / Active URI specification as a pure Java model: events (spec 2.4), variables
 * (2.5), Action URL templates (2.2, 2.3), Active URI instructions and key sequences (3.3 to 3.6) and
 * the SIP NOTIFY sipfrag body (3.7). No OSGi runtime dependency and no I/O.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.actionbridge.protocol;
