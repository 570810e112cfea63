package org.actionbridge.core;

/**
 * The EventAdmin topics the core posts on (asynchronously, with {@code postEvent}) and their
 * properties. Every event carries {@link #THING_ID}, {@link #THING_UID} and {@link #THING_TYPE}.
 *
 * <table>
 * <caption>Topics</caption>
 * <tr><th>topic</th><th>when</th><th>further properties</th></tr>
 * <tr><td>{@value #THING_ADDED}</td><td>a configuration created a thing</td><td>{@link #STATUS}</td></tr>
 * <tr><td>{@value #THING_UPDATED}</td><td>its configuration changed</td><td>{@link #STATUS}</td></tr>
 * <tr><td>{@value #THING_REMOVED}</td><td>its configuration was deleted</td><td></td></tr>
 * <tr><td>{@value #THING_STATUS}</td><td>status changed</td><td>{@link #STATUS}, {@link #STATUS_DETAIL},
 * {@link #STATUS_MESSAGE}</td></tr>
 * <tr><td>{@value #CHANNEL_STATE}</td><td>a state channel's value changed</td><td>{@link #CHANNEL},
 * {@link #VALUE}, {@link #PREVIOUS} (absent the first time)</td></tr>
 * <tr><td>{@value #CHANNEL_TRIGGER}</td><td>the event trigger fired</td><td>{@link #CHANNEL},
 * {@link #EVENT} (wire name), {@link #VARIABLES} ({@code Map<String,String>}), {@link #SEQUENCE}
 * (per thing, from 1), {@link #TIMESTAMP} (epoch ms)</td></tr>
 * <tr><td>{@value #COMMAND_RESULT}</td><td>a command finished</td><td>{@link #COMMAND}, {@link #VALUE},
 * {@link #OK}, {@link #ERROR} (absent when ok), {@link #MESSAGE}, {@link #TRANSPORT},
 * {@link #DURATION_MS}, {@link #CORRELATION}, {@link #SOURCE}</td></tr>
 * </table>
 * Subscribe to {@code org/actionbridge/*} for all of them.
 */
public final class ThingEvents {

    /** Prefix of every topic. */
    public static final String TOPIC_PREFIX = "org/actionbridge/";

    public static final String THING_ADDED = "org/actionbridge/thing/ADDED";
    public static final String THING_UPDATED = "org/actionbridge/thing/UPDATED";
    public static final String THING_REMOVED = "org/actionbridge/thing/REMOVED";
    public static final String THING_STATUS = "org/actionbridge/thing/STATUS";
    public static final String CHANNEL_STATE = "org/actionbridge/channel/STATE";
    public static final String CHANNEL_TRIGGER = "org/actionbridge/channel/TRIGGER";
    public static final String COMMAND_RESULT = "org/actionbridge/command/RESULT";

    public static final String THING_ID = "thing.id";
    public static final String THING_UID = "thing.uid";
    public static final String THING_TYPE = "thing.type";
    public static final String STATUS = "status";
    public static final String STATUS_DETAIL = "status.detail";
    public static final String STATUS_MESSAGE = "status.message";
    public static final String CHANNEL = "channel";
    public static final String VALUE = "value";
    public static final String PREVIOUS = "previous";
    public static final String EVENT = "event";
    public static final String VARIABLES = "variables";
    public static final String SEQUENCE = "seq";
    public static final String TIMESTAMP = "timestamp";
    public static final String COMMAND = "command";
    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String MESSAGE = "message";
    public static final String TRANSPORT = "transport";
    public static final String DURATION_MS = "duration.ms";
    public static final String CORRELATION = "correlation";
    public static final String SOURCE = "source";

    private ThingEvents() {
    }
}
