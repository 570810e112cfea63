package org.actionbridge.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.actionbridge.protocol.internal.Texts;

/**
 * The Action URLs an installer pastes into one phone's web page (Phone &gt; Feature &gt; Action URL
 * Settings): one line per event of spec 2.4, in the specification's order, each
 * {@code {base}/{event}?mac=$mac&ip=$ip&...} carrying exactly the variables the phone's series fills in
 * for that event (spec 2.5). Series matters: an X3/X4 phone would read {@code $local_number} as
 * {@code $local} + {@code _number}, so X6-only variables are left out for it.
 */
public final class ActionUrlGenerator {
    /** Longest accepted receiver base URL. */
    public static final int MAX_BASE_LENGTH = 512;

    /**
     * One line of the Action URL Settings page.
     *
     * @param event the event
     * @param url the URL to enter for it, with {@code $variables} for the phone to fill in
     */
    public record ActionUrlLine(ActionEvent event, String url) {
        /** The label of the field on the phone's page, e.g. {@code Incoming call}. */
        public String label() {
            return event.displayName();
        }

        /** {@code label: url}. */
        @Override
        public String toString() {
            return event.displayName() + ": " + url;
        }
    }

    private final String base;
    private final PhoneModelSeries series;
    private final List<ActionUrlLine> lines;

    private ActionUrlGenerator(String base, PhoneModelSeries series) {
        this.base = base;
        this.series = series;
        List<ActionUrlLine> list = new ArrayList<>();
        for (ActionEvent event : ActionEvent.values()) {
            list.add(new ActionUrlLine(event, buildUrl(event)));
        }
        this.lines = List.copyOf(list);
    }

    /**
     * A generator for one phone.
     *
     * @param receiverBaseUrl e.g. {@code http://127.0.0.1:8181/actionurl/TOKEN}; a trailing {@code /} is
     *        dropped. It must be an http or https URL without query, fragment, white space, control
     *        characters or {@code $} (the phone would substitute it).
     * @param series the phone's series
     */
    public static ActionUrlGenerator forPhone(String receiverBaseUrl, PhoneModelSeries series)
            throws ProtocolException {
        Objects.requireNonNull(series, "series");
        if (receiverBaseUrl == null || receiverBaseUrl.isEmpty()) {
            throw new ProtocolException("receiver base URL is empty");
        }
        if (receiverBaseUrl.length() > MAX_BASE_LENGTH) {
            throw new ProtocolException("receiver base URL is longer than " + MAX_BASE_LENGTH + " characters");
        }
        String lower = receiverBaseUrl.toLowerCase(Locale.ROOT);
        int hostStart = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (hostStart < 0 || hostStart >= receiverBaseUrl.length() || receiverBaseUrl.charAt(hostStart) == '/') {
            throw new ProtocolException("receiver base URL must be http://host/... or https://host/...");
        }
        for (int i = 0; i < receiverBaseUrl.length(); i++) {
            char c = receiverBaseUrl.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '?' || c == '#' || c == '$' || c == '"' || c == '<' || c == '>'
                    || c == '\\') {
                throw new ProtocolException("receiver base URL contains " + Texts.describe(c)
                        + ", which cannot appear in an Action URL base");
            }
        }
        String base = receiverBaseUrl;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new ActionUrlGenerator(base, series);
    }

    private String buildUrl(ActionEvent event) {
        StringBuilder sb = new StringBuilder(base.length() + 256).append(base).append('/').append(event.wireName());
        char sep = '?';
        for (Variable v : event.validVariables(series)) {
            sb.append(sep).append(v.queryName()).append('=').append(v.token());
            sep = '&';
        }
        return sb.toString();
    }

    /** The base URL, without a trailing {@code /}. */
    public String baseUrl() {
        return base;
    }

    /** The phone series the lines are for. */
    public PhoneModelSeries series() {
        return series;
    }

    /** Every event's line, in the order of spec 2.4. */
    public List<ActionUrlLine> lines() {
        return lines;
    }

    /** The URL for one event. */
    public String urlFor(ActionEvent event) {
        return lines.get(event.ordinal()).url();
    }

    /** The URL for one event as a template, ready to expand as the phone would. */
    public ActionUrlTemplate templateFor(ActionEvent event) {
        try {
            return ActionUrlTemplate.parse(urlFor(event), series);
        } catch (ProtocolException e) {
            throw new IllegalStateException("generated an invalid Action URL", e);
        }
    }
}
