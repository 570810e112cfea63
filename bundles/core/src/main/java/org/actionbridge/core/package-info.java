/**
 * Things, channels, status, the thing registry, per-phone configuration and the command transport SPI.
 * EventAdmin topics are documented in {@link org.actionbridge.core.ThingEvents}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.core;
