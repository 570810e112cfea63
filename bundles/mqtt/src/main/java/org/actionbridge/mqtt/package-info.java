/**
 * Bridges things to MQTT (Eclipse Paho) with Home Assistant discovery.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.actionbridge.mqtt;
