package org.actionbridge.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.actionbridge.protocol.SipNotify;

/**
 * The out-of-dialog NOTIFY of one command (spec 3.7), or an OPTIONS asking whether the phone is there:
 * fixed Call-ID and From tag, and per transaction a fresh branch and the next CSeq (RFC 3261 8.1.1, 22.2:
 * a request answering a challenge is a new transaction of the same call).
 */
final class NotifyRequest {

    /** The RFC 3261 magic cookie every branch starts with. */
    static final String BRANCH_COOKIE = "z9hG4bK";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String transport;
    private final String localHost;
    private final int localPort;
    private final String fromUser;
    private final String requestUri;
    /** The NOTIFY's content; null for an OPTIONS request. */
    private final SipNotify notify;
    private final String method;
    private final String callId;
    private final String fromTag;
    private long cseq;
    private String branch;

    NotifyRequest(String transport, String localHost, int localPort, String fromUser, String phoneHost, int phonePort,
            SipNotify notify) {
        this.transport = transport;
        this.localHost = hostPart(localHost);
        this.localPort = localPort;
        this.fromUser = fromUser;
        this.requestUri = "sip:" + hostPart(phoneHost) + ":" + phonePort;
        this.notify = notify;
        this.method = notify == null ? "OPTIONS" : "NOTIFY";
        this.callId = random(16) + "@" + this.localHost;
        this.fromTag = random(8);
        this.cseq = 0;
    }

    /** An OPTIONS request to the phone (RFC 3261 11), whose answer shows it is alive. */
    static NotifyRequest options(String transport, String localHost, int localPort, String fromUser, String phoneHost,
            int phonePort) {
        return new NotifyRequest(transport, localHost, localPort, fromUser, phoneHost, phonePort, null);
    }

    /** Starts the next transaction: new branch, next CSeq. */
    void nextTransaction() {
        cseq++;
        branch = BRANCH_COOKIE + random(16);
    }

    String branch() {
        return branch;
    }

    long cseq() {
        return cseq;
    }

    String callId() {
        return callId;
    }

    String requestUri() {
        return requestUri;
    }

    /**
     * The message of the current transaction.
     *
     * @param authorization header line name and value ({@code Authorization: Digest ...}), or null
     */
    byte[] render(String authorization) {
        StringBuilder message = new StringBuilder(512);
        message.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
        message.append("Via: SIP/2.0/").append(transport).append(' ').append(localHost).append(':').append(localPort)
                .append(";branch=").append(branch).append(";rport\r\n");
        message.append("Max-Forwards: 70\r\n");
        message.append("From: <sip:").append(fromUser).append('@').append(localHost).append(">;tag=").append(fromTag)
                .append("\r\n");
        message.append("To: <").append(requestUri).append(">\r\n");
        message.append("Call-ID: ").append(callId).append("\r\n");
        message.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        message.append("Contact: <sip:").append(fromUser).append('@').append(localHost).append(':').append(localPort)
                .append(";transport=").append(transport.toLowerCase(java.util.Locale.ROOT)).append(">\r\n");
        if (authorization != null) {
            message.append(authorization).append("\r\n");
        }
        message.append("User-Agent: ActionBridge\r\n");
        if (notify == null) {
            message.append("Accept: application/sdp\r\n");
            message.append("Content-Length: 0\r\n\r\n");
            return message.toString().getBytes(StandardCharsets.UTF_8);
        }
        message.append("Subscription-State: terminated\r\n");
        for (String line : notify.headerLines()) {
            message.append(line).append("\r\n");
        }
        message.append("\r\n");
        byte[] head = message.toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = notify.bodyBytes();
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** True when {@code response} belongs to the current transaction (RFC 3261 17.1.3, plus Call-ID and CSeq). */
    boolean matches(SipResponse response) {
        return branch.equals(response.branch()) && method.equals(response.cseqMethod())
                && cseq == response.cseq() && callId.equals(response.callId());
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
