package org.actionbridge.protocol;

/**
 * One validated Active URI instruction (spec 3.3 to 3.5): a key sequence, a door opening with its
 * code, or a line display name. SKELETON: the protocol model issue fills this in.
 */
public final class ActiveUriInstruction {

    private ActiveUriInstruction() {
    }

    /** The query string after {@code /cgi-bin/ConfigManApp.com?}, percent-encoded where needed. */
    public String toQueryString() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The body of a SIP NOTIFY with {@code Event: ACTIVE-URI} (spec 3.7), such as {@code key=OK}. */
    public String toNotifyBody() {
        throw new UnsupportedOperationException("skeleton");
    }
}
