/**
 * Receives the phones' Action URL requests (HTTP Whiteboard servlet at {@code /actionurl/{token}/{event}}),
 * turns them into channel states and trigger events, keeps a discovery inbox of unknown phones and
 * generates the URLs to type into a phone.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.actionurl;
