package org.actionbridge.emulator;

import org.actionbridge.protocol.ActiveUriInstruction;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One emulated Fanvil phone or door intercom: it serves Active URI over HTTP and SIP NOTIFY on its own
 * loopback address, keeps a call state machine and calls its Action URLs when events happen.
 *
 * <p>The control methods simulate the outside world (a caller, the remote party, the network, the door).
 * Each returns the state right after the action; events it fires are sent asynchronously, in order. A
 * method that does not apply in the current state (answering when no call waits, an alarm on a phone)
 * throws {@link IllegalStateException} with a readable message and changes nothing; a bad argument
 * throws {@link IllegalArgumentException}.
 */
@ProviderType
public interface EmulatedDevice {

    /** The device id (the configuration's {@code id}). */
    String id();

    /** Phone or intercom. */
    DeviceType type();

    /** A snapshot of the device's state. */
    DeviceState state();

    /**
     * Executes an Active URI instruction as if it arrived over HTTP or SIP (spec 3.3 to 3.6), keys in order.
     */
    ExecutionResult execute(ActiveUriInstruction instruction);

    /**
     * An incoming call rings: fires {@code incoming_call}. With DND on, the call is rejected and nothing fires.
     *
     * @param number the caller's number: 1 to 64 of {@code A-Z a-z 0-9 * # + . _ -}
     * @param name the caller's display name, may be empty
     */
    DeviceState ring(String number, String name);

    /** The remote party answers the outgoing call that is calling: fires {@code call_established}. */
    DeviceState remoteAnswer();

    /**
     * The remote party of the focused call (or of the only ringing call) hangs up: fires
     * {@code call_terminated}, or {@code missed_call} for a call that was never answered.
     */
    DeviceState remoteHangup();

    /** The remote party of the call with this {@link CallInfo#callId()} hangs up. */
    DeviceState remoteHangup(int callId);

    /** The SIP registration fails: fires {@code registration_failed}. */
    DeviceState registrationFailure();

    /** The SIP registration succeeds (again): fires {@code registration_succeeded}. */
    DeviceState registrationSuccess();

    /**
     * The device gets a new IP address, reported in {@code $ip} from now on: fires {@code ip_changed}. The
     * sockets stay on the configured bind address.
     *
     * @param ip an IPv4 address
     */
    DeviceState ipChange(String ip);

    /** An SMS arrives: fires {@code sms}. */
    DeviceState sms(String from, String text);

    /** The voice mailbox now holds {@code count} messages: fires {@code mwi}. */
    DeviceState mwi(int count);

    /** An intercom alarm triggers: fires its event. Throws {@link IllegalStateException} on a phone. */
    DeviceState alarm(Alarm kind);

    /** An intercom alarm is cleared (no event). Throws {@link IllegalStateException} on a phone. */
    DeviceState clearAlarm(Alarm kind);

    /**
     * An intercom output is switched; switching it on fires {@code output_1} or {@code output_2}.
     *
     * @param output 1 or 2
     */
    DeviceState output(int output, boolean active);

    /**
     * Call forwarding is switched on the device: fires the matching {@code forward_*_enabled} or
     * {@code forward_*_disabled} event when the setting changes.
     *
     * @param kind {@code unconditional}, {@code busy} or {@code no-answer}
     */
    DeviceState forward(String kind, boolean enabled);

    /**
     * The device's web login is changed, as on its web page: from now on Active URI and the control endpoint
     * take the new login (until the device's configuration changes); fires {@code web_api_auth_changed}.
     *
     * @param username 1 to 64 printable ASCII characters without {@code :}
     * @param password up to 64 printable ASCII characters
     */
    DeviceState webLogin(String username, String password);
}
