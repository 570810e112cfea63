package org.actionbridge.emulator.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs emulated devices without Karaf: {@code java -jar org.actionbridge.emulator-<version>-standalone.jar
 * desk1.properties [door1.properties ...]}, one device per file, with the keys of the
 * {@code org.actionbridge.emulator} configuration (a Karaf {@code .cfg} file works as it is). Runs until
 * interrupted (Ctrl+C), then closes every device.
 */
public final class Standalone {

    private Standalone() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime",
                System.getProperty("org.slf4j.simpleLogger.showDateTime", "true"));
        // the JDK's HTTP server writes headers and body apart: without this a keep-alive client's delayed ACK
        // holds every answer for 40 ms (the Karaf distribution sets it in etc/system.properties)
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        // created after the properties above: slf4j-simple reads them once, when the first logger is made
        Logger logger = LoggerFactory.getLogger(Standalone.class);
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            logger.info("usage: java -jar org.actionbridge.emulator-<version>-standalone.jar"
                    + " <device.properties> [<device.properties> ...]; one emulated Fanvil phone or intercom per"
                    + " file, keys as in etc/org.actionbridge.emulator-<id>.cfg (see the README)");
            System.exit(args.length == 0 ? 2 : 0);
        }
        List<EmulatorConfig> configs = new ArrayList<>();
        boolean bad = false;
        for (String arg : args) {
            Path file = Path.of(arg);
            Map<String, Object> properties;
            try {
                properties = read(file);
            } catch (IOException e) {
                logger.error("{}: cannot read: {}", arg, e.getMessage());
                bad = true;
                continue;
            }
            String defaultId = EmulatorConfigParser.nameFromFile(file.getFileName().toString()).orElse("emulator");
            EmulatorConfigParser.Result result = EmulatorConfigParser.parse(properties, defaultId);
            if (result.configuration().isEmpty()) {
                logger.error("{}: invalid: {}", arg, String.join("; ", result.problems()));
                bad = true;
            } else {
                configs.add(result.configuration().get());
            }
        }
        if (bad) {
            System.exit(2);
        }
        List<DeviceRuntime> running = new ArrayList<>();
        for (EmulatorConfig config : configs) {
            try {
                running.add(DeviceRuntime.start(config));
            } catch (IOException e) {
                logger.error("{}: cannot listen on {} (http {}, sip {}): {}", config.id(),
                        config.bindAddress().getHostAddress(), config.httpPort(), config.sipPort(), e.getMessage());
                running.forEach(DeviceRuntime::close);
                System.exit(1);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            stopped.countDown();
        }, "emulator-shutdown"));
        stopped.await();
    }

    private static Map<String, Object> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, Object> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }
}
