/**
 * HTTP Whiteboard servlet receiving the phones' Action URL requests, discovery inbox and URL generator.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.actionurl;
