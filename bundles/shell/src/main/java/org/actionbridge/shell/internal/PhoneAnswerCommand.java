package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code phone:answer}. */
@Command(scope = "phone", name = "answer", description = "Answers the ringing call")
@Service
public class PhoneAnswerCommand extends NoValueCommandSupport {

    @Override
    String command() {
        return "answer";
    }
}
