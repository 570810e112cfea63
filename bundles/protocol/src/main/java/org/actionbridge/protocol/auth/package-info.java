/**
 * HTTP and SIP digest authentication (RFC 7616, RFC 3261 section 22) as phones challenge for it: the
 * challenge parser and the credentials of one request. Shared by the Active URI and SIP NOTIFY
 * transports; no I/O.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.protocol.auth;
