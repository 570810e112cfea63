package org.actionbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.actionbridge.emulator.CallState;
import org.junit.jupiter.api.Test;

/**
 * Debian's sipp (package sip-tester) as an independent SIP peer: it sends the NOTIFY of
 * {@code src/test/resources/sipp/notify-key-ok.xml} to the emulator, which must answer 200 and answer the
 * ringing call. Skipped, with a message, where sipp is not installed ({@code .ci/run} installs it).
 */
class SippTest {

    private static final Path SIPP = Path.of("/usr/bin/sipp");

    @Test
    void sippNotifyKeyOkAnswersTheRingingCall() throws Exception {
        String missing = "sipp is not installed (apt-get install sip-tester): test skipped";
        // .ci/run sets actionbridge.requireTools once it has installed sipp: missing, it is then a failure
        assertThat(!Boolean.getBoolean("actionbridge.requireTools") || Files.isExecutable(SIPP)).as(missing).isTrue();
        assumeTrue(Files.isExecutable(SIPP), missing);
        Path scenario = Path.of(getClass().getResource("/sipp/notify-key-ok.xml").toURI());
        try (DeviceFixture device = new DeviceFixture()) {
            device.act("ring", "number", "1001");
            InetAddress source = InetAddress.getLoopbackAddress(); // the default sipServer: always admitted
            int sourcePort = DeviceFixture.freeUdpAndTcpPort(source);
            Path log = Files.createTempFile("sipp", ".log");
            Process sipp = new ProcessBuilder(SIPP.toString(), "-sf", scenario.toString(), "-s",
                    device.config.sipUser(), "-i", source.getHostAddress(), "-p", String.valueOf(sourcePort),
                    "-t", "u1", "-m", "1", "-nostdin", "-timeout", "10s", "-timeout_error",
                    device.address.getHostAddress() + ":" + device.sipPort)
                    .directory(new File(System.getProperty("java.io.tmpdir")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = sipp.waitFor(20, TimeUnit.SECONDS);
            if (!finished) {
                sipp.destroyForcibly();
            }
            List<String> output = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            Files.deleteIfExists(log);
            assertThat(finished).as("sipp finished: %s", output).isTrue();
            assertThat(sipp.exitValue()).as("sipp exit code (0: every call succeeded): %s", tail(output)).isZero();
            assertThat(device.state().callState()).isEqualTo(CallState.CONNECTED);
            assertThat(device.state().recentKeys()).containsExactly("OK");
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 30), lines.size());
    }
}
