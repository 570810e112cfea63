package org.actionbridge.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the JSON API and web console (PID {@code org.actionbridge.console}, optional). */
@ObjectClassDefinition(name = "ActionBridge JSON API and web console")
@interface ConsoleConfig {

    @AttributeDefinition(description = "JAAS realm the HTTP basic credentials are checked against")
    String realm() default "karaf";

    @AttributeDefinition(description = "Roles that may read (GET), comma separated")
    String readRoles() default "viewer,admin";

    @AttributeDefinition(description = "Roles that may send commands and approve phones, comma separated")
    String writeRoles() default "admin";

    @AttributeDefinition(description = "Seconds between heartbeat comments on the event stream")
    int heartbeatSeconds() default 15;

    @AttributeDefinition(description = "Messages queued per event-stream client; a client that falls further behind is dropped")
    int clientBufferMessages() default 256;

    @AttributeDefinition(description = "Event-stream clients at once; more are answered 503")
    int maxClients() default 32;

    @AttributeDefinition(description = "Event-stream clients at once per user; more are answered 503")
    int maxClientsPerUser() default 8;

    @AttributeDefinition(description = "Seconds a command request waits for the phone before answering 504")
    int commandTimeoutSeconds() default 60;
}
