package org.actionbridge.emulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of one emulated device, factory PID {@code org.actionbridge.emulator}. Besides these keys, each
 * {@code actionUrl.<event>} key (e.g. {@code actionUrl.incoming_call}) holds the Action URL template for one
 * event of spec 2.4, overriding {@code actionUrlBase}; an empty one sends nothing for that event.
 */
@ObjectClassDefinition(id = EmulatorConfigParser.FACTORY_PID, name = "ActionBridge emulated Fanvil device",
        description = "One emulated phone or door intercom (etc/org.actionbridge.emulator-<id>.cfg)")
@interface EmulatorDeviceConfig {

    @AttributeDefinition(required = false, description = "Device id; defaults to the name after 'org.actionbridge.emulator-' in the file name")
    String id();

    @AttributeDefinition(options = { @Option(value = "phone", label = "Phone"), @Option(value = "intercom", label = "Door intercom") })
    String type() default "phone";

    @AttributeDefinition(description = "IPv4 address the device listens on and sends from, e.g. 127.0.10.1")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "HTTP port (Active URI and the /emulator/ control endpoint)")
    int httpPort() default 8080;

    @AttributeDefinition(description = "SIP port (UDP, and TCP when sipTcp is true)")
    int sipPort() default 5060;

    @AttributeDefinition(description = "Also accept SIP over TCP")
    boolean sipTcp() default true;

    @AttributeDefinition(description = "Web login user (basic authentication)")
    String username() default "admin";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Web login password")
    String password() default "admin";

    @AttributeDefinition(required = false, description = "Active URI Source IP (spec 3.2): IPs or CIDRs, comma separated; empty admits any HTTP source and only the SIP server for NOTIFY")
    String allowedIps();

    @AttributeDefinition(description = "The registrar's IPv4 address (optionally :port), whose NOTIFYs are always accepted; 'none' for no registrar")
    String sipServer() default "127.0.0.1";

    @AttributeDefinition(required = false, description = "MAC address; defaults to 0c:38:3e followed by the last three bytes of bindAddress")
    String mac();

    @AttributeDefinition(required = false, description = "Model reported in $model; X3/X4 models change the variables (spec 2.5); default X6U, i20S for an intercom")
    String model();

    @AttributeDefinition(required = false, description = "Variable set: X6 or X3_X4; defaults to the model's series, X6 when unknown")
    String series();

    @AttributeDefinition(description = "Firmware reported in $firmware")
    String firmware() default "2.12.0";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Intercom: the code of key=F_LOCK&code=...; empty refuses every opening")
    String doorCode();

    @AttributeDefinition(description = "Intercom: seconds the door stays open")
    double doorOpenSeconds() default 5;

    @AttributeDefinition(description = "Seconds a reboot takes")
    double rebootSeconds() default 3;

    @AttributeDefinition(required = false, description = "SIP account user and number; defaults to the id")
    String sipUser();

    @AttributeDefinition(required = false, description = "Local display name; defaults to the id")
    String displayName();

    @AttributeDefinition(required = false, description = "Receiver base URL, e.g. http://127.0.0.1:8181/actionurl/TOKEN; the device then calls {actionUrlBase}/{event}?<every variable valid for the event>")
    String actionUrlBase();
}
