package org.actionbridge.shell.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:events}: the last events, and with {@code --follow} the new ones until Ctrl-C. */
@Command(scope = "phone", name = "events", description = "Shows the last Action URL events (of one phone or all); --follow keeps printing new ones until Ctrl-C")
@Service
public class PhoneEventsCommand extends PhoneCommandSupport {

    @Argument(index = 0, name = "id", description = "Thing id; all things when left out")
    @Completion(ThingIdCompleter.class)
    String id;

    @Option(name = "--follow", aliases = "-f", description = "Keep printing new events until Ctrl-C")
    boolean follow;

    @Option(name = "--count", aliases = "-n", description = "How many past events to show")
    int count = 20;

    @Reference
    RecentEvents events;

    @Override
    public Object execute() throws Exception {
        if (id != null) {
            thing(id);
        }
        BlockingQueue<RecentEvents.Line> queue = new LinkedBlockingQueue<>(1000);
        if (follow) {
            events.follow(queue);
        }
        try {
            events.last(id, count).forEach(out()::println);
            while (follow) {
                RecentEvents.Line line = queue.take(); // Ctrl-C interrupts
                if (id == null || line.thingId().equals(id)) {
                    out().println(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.unfollow(queue);
        }
        return null;
    }
}
