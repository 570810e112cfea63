package org.actionbridge.actionurl.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where phones reach the receiver when no {@code publicBaseUrl} is configured: this machine's first LAN
 * address and the port Jetty really listens on, as the HTTP runtime's {@code osgi.http.endpoint} property
 * says (the port may come from an environment variable that Java's system properties never see).
 */
final class ReceiverAddress {

    static final int DEFAULT_PORT = 8181;

    private ReceiverAddress() {
    }

    /** {@code http://host:port} from the runtime's endpoints (a String, String[] or collection), or the default. */
    static String baseUrl(Object endpoints, String host) {
        String scheme = "http";
        int port = DEFAULT_PORT;
        Optional<URI> endpoint = firstWebEndpoint(endpoints);
        if (endpoint.isPresent()) {
            scheme = endpoint.get().getScheme().toLowerCase(Locale.ROOT);
            port = endpoint.get().getPort() > 0 ? endpoint.get().getPort() : scheme.equals("https") ? 443 : 80;
        }
        return scheme + "://" + host + ":" + port;
    }

    private static Optional<URI> firstWebEndpoint(Object endpoints) {
        List<?> candidates;
        if (endpoints instanceof String one) {
            candidates = List.of(one);
        } else if (endpoints instanceof String[] many) {
            candidates = List.of((Object[]) many);
        } else if (endpoints instanceof Collection<?> many) {
            candidates = List.copyOf(many);
        } else {
            candidates = List.of();
        }
        // plain HTTP first: phones are set up with it unless publicBaseUrl says otherwise
        for (String wanted : List.of("http", "https")) {
            for (Object candidate : candidates) {
                try {
                    URI uri = URI.create(String.valueOf(candidate).trim());
                    if (wanted.equalsIgnoreCase(uri.getScheme())) {
                        return Optional.of(uri);
                    }
                } catch (IllegalArgumentException e) {
                    // not a URL: look at the next one
                }
            }
        }
        return Optional.empty();
    }

    /** The first up, non-loopback IPv4 address of this machine; 127.0.0.1 when there is none. */
    static String hostAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }
}
