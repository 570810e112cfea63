package org.actionbridge.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

    @Test
    void everyPlainSocketHasNagleOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                Socket unconnected = NoDelaySockets.plain().createSocket();
                Socket connected = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void everyTlsSocketHasNagleOff() throws Exception {
        SSLSocketFactory tls = NoDelaySockets.tls((SSLSocketFactory) SSLSocketFactory.getDefault());
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                Socket unconnected = tls.createSocket();
                Socket layered = tls.createSocket(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                        "localhost", server.getLocalPort(), true)) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(layered.getTcpNoDelay()).isTrue();
            assertThat(tls.getSupportedCipherSuites()).isNotEmpty();
        }
    }
}
