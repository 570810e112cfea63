package org.actionbridge.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A {@code phone:*} command whose first argument is a thing id (Karaf reads arguments of superclasses too). */
abstract class ThingCommandSupport extends PhoneCommandSupport {

    @Argument(index = 0, name = "id", description = "Thing id (phone:list shows them)", required = true)
    @Completion(ThingIdCompleter.class)
    String id;
}
