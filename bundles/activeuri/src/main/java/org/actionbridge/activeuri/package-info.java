/**
 * Sends Active URI instructions to phones over HTTP(S).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.activeuri;
