package org.actionbridge.emulator;

/**
 * One call of an emulated device, as seen in a {@link DeviceState} snapshot.
 *
 * @param callId the call's number on this device, counting from 1 since start (what {@code $call_id} holds)
 * @param incoming true for a call the device received, false for one it placed
 * @param status the call's state
 * @param remoteNumber the other party's number
 * @param remoteName the other party's display name, empty when unknown
 * @param dtmf the DTMF digits sent in this call so far
 * @param focused true for the call on the screen, which keys such as RELEASE or F_HOLD act on
 * @param durationSeconds seconds since the call was connected, 0 if it never was
 */
public record CallInfo(int callId, boolean incoming, CallStatus status, String remoteNumber, String remoteName,
        String dtmf, boolean focused, long durationSeconds) {
}
