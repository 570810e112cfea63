package org.actionbridge.emulator.internal;

import java.time.Duration;
import java.time.Instant;

import org.actionbridge.emulator.CallStatus;

/** One call of an {@link EmulatedPhone}; mutable, guarded by the phone's lock. */
final class Call {
    final int id;
    final boolean incoming;
    final String number;
    final String name;
    CallStatus status;
    Instant answeredAt;
    final StringBuilder dtmf = new StringBuilder();

    Call(int id, boolean incoming, String number, String name, CallStatus status) {
        this.id = id;
        this.incoming = incoming;
        this.number = number;
        this.name = name;
        this.status = status;
    }

    boolean connected() {
        return status == CallStatus.TALKING || status == CallStatus.HELD;
    }

    long durationSeconds(Instant now) {
        return answeredAt == null ? 0 : Math.max(0, Duration.between(answeredAt, now).getSeconds());
    }

    @Override
    public String toString() {
        return "call " + id + " " + (incoming ? "from " : "to ") + number + " (" + status + ")";
    }
}
