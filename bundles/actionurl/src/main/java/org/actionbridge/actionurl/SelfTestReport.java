package org.actionbridge.actionurl;

import java.util.List;

/**
 * The outcome of a {@link SelfTest}: {@code ok} when both callbacks arrived ("callback OK"), else the
 * steps that failed and what is missing, in words an installer can act on.
 */
public record SelfTestReport(String thingId, boolean ok, List<String> steps) {

    public SelfTestReport {
        steps = List.copyOf(steps);
    }

    /** One line: "callback OK" or the first problem. */
    public String summary() {
        return ok ? "callback OK" : steps.isEmpty() ? "failed" : steps.get(steps.size() - 1);
    }
}
