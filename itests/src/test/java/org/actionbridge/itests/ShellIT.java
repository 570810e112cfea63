package org.actionbridge.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.actionbridge.core.ThingRegistry;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
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

/** The phone:* commands in a real Karaf shell session. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends KarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ThingRegistry registry;

    @Inject
    private BundleContext bundleContext;

    private org.osgi.service.cm.Configuration phone;

    @Configuration
    public Option[] config() {
        return actionBridge();
    }

    @Before
    public void setUp() throws Exception {
        phone = configurationAdmin.getFactoryConfiguration("org.actionbridge.phone", "shelldesk", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("host", "127.0.40.1");
        properties.put("mac", "0c383e400001");
        properties.put("password", "Sup3rSecret");
        properties.put("transport", "sip");
        properties.put("sipPort", String.valueOf(freePort()));
        phone.update(properties);
        await().atMost(WAIT).until(() -> registry.get("shelldesk"), Optional::isPresent);
        // commands are registered asynchronously once the bundle's services are there
        await().atMost(WAIT).ignoreExceptions().until(() -> run("phone:list").contains("shelldesk"));
    }

    @After
    public void tearDown() throws Exception {
        phone.delete();
    }

    private String run(String command) throws Exception {
        return runAs(command, "admin", "viewer");
    }

    /** Runs a command as a user with the given roles: the distribution's command ACLs apply. */
    private String runAs(String command, String... roles) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("tester"));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> execute(command));
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }

    private String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String failure(String command) throws Exception {
        try {
            String output = run(command);
            fail(command + " should fail, printed: " + output);
            return output;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    @Test
    public void changingAPhoneNeedsTheAdminRole() throws Exception {
        assertTrue(runAs("phone:list", "viewer").contains("shelldesk"));
        try {
            String output = runAs("phone:dnd shelldesk on", "viewer");
            fail("a viewer may not switch DND, printed: " + output);
        } catch (Exception e) {
            assertTrue(e.toString(), e.toString().contains("phone:dnd") || e.toString().contains("Insufficient"));
        }
    }

    @Test
    public void listShowsThingWithStatus() throws Exception {
        String list = run("phone:list");
        assertTrue(list, list.contains("shelldesk"));
        assertTrue(list, list.contains("0c383e400001"));
        assertTrue(list, list.contains("127.0.40.1"));
    }

    @Test
    public void showMasksThePassword() throws Exception {
        String show = run("phone:show shelldesk");
        assertTrue(show, show.contains("fanvil:phone:shelldesk"));
        assertTrue(show, show.contains("call-state"));
        assertTrue(show, show.contains("password=****"));
        assertFalse(show, show.contains("Sup3rSecret"));
    }

    @Test
    public void failuresAreOneReadableLine() throws Exception {
        String unknown = failure("phone:dial nosuchphone 100");
        assertTrue(unknown, unknown.contains("no thing 'nosuchphone'"));
        String injection = failure("phone:press shelldesk 'OK&key=Reset'");
        assertTrue(injection, injection.contains("INVALID_VALUE"));
        assertFalse(injection, injection.contains("\n\tat "));
    }

    @Test
    public void actionUrlsPrintEveryEvent() throws Exception {
        String lines = run("phone:action-urls shelldesk");
        assertEquals(lines, 41, lines.lines().filter(l -> l.contains("/actionurl/")).count());
        assertTrue(lines, lines.contains("/incoming_call?mac=$mac"));
    }

    @Test
    public void inboxAndApproveWorkFromTheShell() throws Exception {
        assertTrue(run("phone:inbox").contains("KEY"));
        String approve = failure("phone:approve 0c383e999999");
        assertTrue(approve, approve.contains("no phone '0c383e999999' in the discovery inbox"));
    }

    @Test
    public void phoneCommandsStayWhenTheEmulatorOrTheReceiverIsStopped() throws Exception {
        for (String name : new String[] { "org.actionbridge.emulator", "org.actionbridge.actionurl" }) {
            Bundle bundle = Arrays.stream(bundleContext.getBundles()).filter(b -> b.getSymbolicName().equals(name))
                    .findFirst().orElseThrow();
            bundle.stop();
            try {
                // Karaf registers a bundle's commands only while all their mandatory services are there
                await().atMost(WAIT).ignoreExceptions().until(() -> run("phone:list").contains("shelldesk"));
                String missing = failure(name.endsWith("emulator") ? "emulator:list" : "phone:inbox");
                assertTrue(missing, missing.contains("is not running") && missing.contains("feature:install actionbridge-"));
            } finally {
                bundle.start();
            }
            await().atMost(WAIT).ignoreExceptions().until(() -> run(name.endsWith("emulator") ? "emulator:list"
                    : "phone:inbox").contains(name.endsWith("emulator") ? "ID" : "KEY"));
        }
    }

    @Test
    public void eventsShowsWhatThePhoneReported() throws Exception {
        registry.fireEvent("shelldesk", "dnd_enabled", java.util.Map.of("mac", "0c383e400001"));
        await().atMost(WAIT).until(() -> run("phone:events shelldesk").contains("dnd_enabled"));
    }
}
