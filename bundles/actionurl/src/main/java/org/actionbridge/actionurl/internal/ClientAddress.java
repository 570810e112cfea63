package org.actionbridge.actionurl.internal;

/**
 * The address a request really came from. {@code X-Forwarded-For} is believed only when the direct
 * peer is a trusted proxy; then the client is the right-most address that is not itself a trusted
 * proxy (the left part of the header is whatever the client chose to send).
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(String remoteAddress, String forwardedFor, SourcePolicy trustedProxies) {
        String remote = remoteAddress == null ? "" : stripBrackets(remoteAddress);
        if (forwardedFor == null || forwardedFor.isBlank() || !trustedProxies.contains(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = stripBrackets(hops[i].trim());
            if (IpAddresses.parse(hop) == null) {
                return remote; // a garbled chain is not evidence of anything
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return remote;
    }

    private static String stripBrackets(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
    }
}
