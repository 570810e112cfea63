package org.actionbridge.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.actionbridge.actionurl.SelfTest;
import org.actionbridge.actionurl.SelfTestReport;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:selftest}: toggles DND twice and checks that the phone's callbacks arrive. */
@Command(scope = "phone", name = "selftest", description = "Toggles DND twice and checks the phone's dnd_enabled/dnd_disabled Action URLs arrive: prints 'callback OK' or what is missing")
@Service
public class PhoneSelftestCommand extends ThingCommandSupport {

    @Option(name = "--timeout", aliases = "-t", description = "Seconds to wait for each callback")
    int timeoutSeconds = 10;

    @Reference(optional = true)
    SelfTest selfTest;

    @Override
    public Object execute() throws Exception {
        thing(id);
        SelfTestReport report = ProvidingFeature.RECEIVER.require(selfTest).run(id, Duration.ofSeconds(timeoutSeconds)).toCompletableFuture()
                .get(4L * timeoutSeconds + RESULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // the last step is the summary, printed (or thrown) below
        List<String> steps = report.steps();
        steps.subList(0, Math.max(0, steps.size() - 1)).forEach(step -> out().println("  " + step));
        if (!report.ok()) {
            throw new CommandException("self-test of " + id + " failed: " + report.summary());
        }
        out().println(report.summary());
        return null;
    }
}
