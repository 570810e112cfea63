/**
 * Sends Active URI instructions to phones as SIP NOTIFY (RFC 3261 non-INVITE client transactions).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.sip;
