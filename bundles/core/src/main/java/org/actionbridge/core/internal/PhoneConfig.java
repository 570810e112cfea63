package org.actionbridge.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Metatype of one phone thing, factory PID {@code org.actionbridge.phone}. */
@ObjectClassDefinition(id = PhoneConfigParser.FACTORY_PID, name = "ActionBridge phone",
        description = "One Fanvil phone or door intercom (etc/org.actionbridge.phone-<id>.cfg)")
@interface PhoneConfig {

    @AttributeDefinition(description = "Thing id (letters, digits, - and _); defaults to the name after 'org.actionbridge.phone-' in the file name")
    String id();

    @AttributeDefinition(options = { @Option(value = "phone", label = "Phone"), @Option(value = "intercom", label = "Door intercom") })
    String type() default "phone";

    @AttributeDefinition(required = false, description = "Name shown to people")
    String label();

    @AttributeDefinition(description = "IP address or host name of the device")
    String host();

    @AttributeDefinition(description = "Port of the device's web server")
    int httpPort() default 80;

    @AttributeDefinition(description = "Use HTTPS for Active URI")
    boolean https() default false;

    @AttributeDefinition(required = false, description = "MAC address, e.g. 0c:38:3e:1a:2b:3c")
    String mac();

    @AttributeDefinition(description = "Web user of the device")
    String username() default "admin";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Web password of the device")
    String password() default "admin";

    @AttributeDefinition(options = { @Option(value = "http", label = "Active URI over HTTP"),
            @Option(value = "sip", label = "SIP NOTIFY"), @Option(value = "auto", label = "HTTP, falling back to SIP") })
    String transport() default "http";

    @AttributeDefinition(description = "SIP port of the device")
    int sipPort() default 5060;
}
