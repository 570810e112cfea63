package org.actionbridge.core;

/** Why a thing has its status. */
public enum ThingStatusDetail {
    NONE,
    /** The thing's configuration is invalid; the message names the bad keys. */
    CONFIGURATION_ERROR,
    /** The device does not answer, or answers with an error. */
    COMMUNICATION_ERROR,
    /** The device refuses our credentials or our source address. */
    AUTHENTICATION_ERROR
}
