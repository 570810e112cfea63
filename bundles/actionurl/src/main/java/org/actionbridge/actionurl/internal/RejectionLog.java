package org.actionbridge.actionurl.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

/**
 * Remembers, per source address, the last request the receiver refused and why, so that the self-test
 * can tell an installer what is wrong ("the phone calls with a wrong token"). Bounded LRU.
 */
@Component(service = RejectionLog.class)
public final class RejectionLog {

    private static final int MAX_SOURCES = 1024;

    /** A refused request: the status answered and a reason without secrets. */
    record Rejection(int status, String reason, Instant at) {
    }

    private final Map<String, Rejection> bySource = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rejection> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    synchronized void record(String source, int status, String reason) {
        bySource.put(source, new Rejection(status, reason, Instant.now()));
    }

    synchronized Optional<Rejection> last(String source) {
        return Optional.ofNullable(bySource.get(source));
    }
}
