package org.actionbridge.console.internal;

import java.util.Set;

/** A user who logged in over HTTP basic authentication, with the roles the realm gave them. */
record Caller(String user, Set<String> roles) {

    Caller {
        roles = Set.copyOf(roles);
    }

    /** Whether the caller has at least one of {@code wanted}. */
    boolean hasAny(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
