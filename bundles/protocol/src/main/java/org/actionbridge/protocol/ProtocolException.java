package org.actionbridge.protocol;

/** Input that the specification does not allow; the message is a reason a user can read. */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception whose message is the reason, readable by the user who gave the input. */
    public ProtocolException(String reason) {
        super(reason);
    }
}
