package org.actionbridge.emulator;

import java.time.Instant;

import org.actionbridge.protocol.ActionEvent;

/**
 * An Action URL event an emulated device fired.
 *
 * @param sequence counts the device's events from 1 since start
 * @param event the event
 * @param time when it fired
 * @param url the URL the device requests for it (variables substituted), empty when none is configured
 */
public record FiredEvent(long sequence, ActionEvent event, Instant time, String url) {
}
