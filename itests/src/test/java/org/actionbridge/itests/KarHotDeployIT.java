package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

/** An operator drops the ActionBridge KAR into deploy/ of a stock Karaf 4.4 and gets ActionBridge running. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarHotDeployIT extends KarafTestSupport {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        String repository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        File kar = new File(repository, "org/actionbridge/features/" + VERSION + "/features-" + VERSION + "-kar.kar");
        return karaf(stockKaraf(), systemProperty("actionbridge.test.kar").value(kar.getAbsolutePath()));
    }

    @Test
    public void karDroppedIntoDeployStartsActionBridge() throws Exception {
        Path kar = Paths.get(System.getProperty("actionbridge.test.kar"));
        assertTrue("KAR built and installed: " + kar, Files.isRegularFile(kar));
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Files.copy(kar, deploy.resolve("actionbridge.kar"), StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(60)).until(() -> Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.actionbridge.core"))
                .anyMatch(b -> b.getState() == Bundle.ACTIVE));
        await().atMost(Duration.ofSeconds(20)).until(() -> context
                .getServiceReference("org.actionbridge.core.ThingRegistry") != null);

        // the shell's command ACLs come with the feature: a stock Karaf has none for phone:* and emulator:*
        ConfigurationAdmin configurationAdmin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        for (String[] rule : new String[][] { { "phone", "dnd", "admin" }, { "phone", "open-door", "admin" },
                { "phone", "list", "viewer" }, { "emulator", "ring", "admin" } }) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                org.osgi.service.cm.Configuration[] found = configurationAdmin
                        .listConfigurations("(service.pid=org.apache.karaf.command.acl." + rule[0] + ")");
                return found != null && rule[2].equals(found[0].getProperties().get(rule[1]));
            });
        }
    }
}
