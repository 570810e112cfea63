package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.actionbridge.emulator.EmulatedDevice;
import org.junit.jupiter.api.Test;

/** Starting and stopping devices: the component's life cycle, and ports free again right after a stop. */
class LifecycleTest {

    @Test
    void portsCanBeReusedRightAfterClose() throws Exception {
        DeviceFixture first = new DeviceFixture();
        first.act("ring", "number", "1");
        first.keys("OK"); // an HTTP connection was accepted and closed
        first.close();
        try (ServerSocket http = new ServerSocket()) {
            http.setReuseAddress(true);
            http.bind(new InetSocketAddress(first.address, first.httpPort));
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(first.address, first.sipPort));
                ServerSocket tcp = new ServerSocket(first.sipPort, 1, first.address)) {
            assertThat(udp.isBound()).isTrue();
            assertThat(tcp.isBound()).isTrue();
        }
        Map<String, Object> again = new HashMap<>();
        again.put("id", "again");
        again.put("bindAddress", first.address.getHostAddress());
        again.put("httpPort", String.valueOf(first.httpPort));
        again.put("sipPort", String.valueOf(first.sipPort));
        try (DeviceRuntime restarted = DeviceRuntime.start(EmulatorConfigParser.parse(again).configuration()
                .orElseThrow())) {
            assertThat(restarted.device().state().id()).isEqualTo("again");
        }
    }

    @Test
    void componentRegistersTheDeviceAndRemovesItOnDeactivate() throws Exception {
        EmulatorRegistryImpl registry = new EmulatorRegistryImpl();
        InetAddress address = DeviceFixture.freeAddress();
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "org.actionbridge.emulator~lobby");
        properties.put("bindAddress", address.getHostAddress());
        properties.put("httpPort", String.valueOf(DeviceFixture.freeTcpPort(address)));
        properties.put("sipPort", String.valueOf(DeviceFixture.freeUdpAndTcpPort(address)));
        properties.put("type", "intercom");
        EmulatorComponent component = new EmulatorComponent(registry, properties);
        assertThat(registry.devices()).extracting(EmulatedDevice::id).containsExactly("lobby");

        EmulatorComponent duplicate = new EmulatorComponent(registry, new HashMap<>(properties));
        assertThat(registry.devices()).as("same id: second not started").hasSize(1);
        duplicate.deactivate();
        assertThat(registry.device("lobby")).isPresent();

        component.deactivate();
        assertThat(registry.devices()).isEmpty();
    }

    @Test
    void invalidConfigurationStartsNothing() {
        EmulatorRegistryImpl registry = new EmulatorRegistryImpl();
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "org.actionbridge.emulator~broken");
        properties.put("bindAddress", "not-an-ip");
        EmulatorComponent component = new EmulatorComponent(registry, properties);
        assertThat(registry.devices()).isEmpty();
        component.deactivate();
    }

    @Test
    void portInUseIsReportedAndLeavesNothingOpen() throws Exception {
        EmulatorRegistryImpl registry = new EmulatorRegistryImpl();
        InetAddress address = DeviceFixture.freeAddress();
        int sipPort = DeviceFixture.freeUdpAndTcpPort(address);
        int httpPort = DeviceFixture.freeTcpPort(address);
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(address, sipPort))) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("id", "busy");
            properties.put("bindAddress", address.getHostAddress());
            properties.put("httpPort", String.valueOf(httpPort));
            properties.put("sipPort", String.valueOf(sipPort));
            new EmulatorComponent(registry, properties).deactivate();
            assertThat(registry.devices()).isEmpty();
        }
        try (ServerSocket http = new ServerSocket(httpPort, 1, address)) {
            assertThat(http.isBound()).as("the HTTP port was released after the SIP bind failed").isTrue();
        }
    }
}
