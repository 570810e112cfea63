package org.actionbridge.sip.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.protocol.ActiveUriInstruction;

/**
 * The NOTIFYs of one phone: a bounded chain worked off one at a time, in order, the jobs in it that have not
 * started yet, how often the phone failed to answer in a row and the digest it taught us. Guarded by its own
 * monitor.
 */
final class NotifyLane {

    /** One NOTIFY waiting for its turn or for its answer. */
    static final class Job {
        final PhoneConfiguration phone;
        final ActiveUriInstruction instruction;
        final CompletableFuture<Delivery> result = new CompletableFuture<>();

        Job(PhoneConfiguration phone, ActiveUriInstruction instruction) {
            this.phone = phone;
            this.instruction = instruction;
        }
    }

    private final Set<Job> notStarted = new LinkedHashSet<>();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private int waiting;
    private int failures;
    private SipTransport.Auth auth;

    /**
     * Puts a job at the end of the lane. Returns what it must wait for before {@link #start(Job)}: the result of
     * the job before it; empty when {@code capacity} jobs already wait or run.
     */
    synchronized Optional<CompletableFuture<?>> offer(Job job, int capacity) {
        if (waiting >= capacity) {
            return Optional.empty();
        }
        waiting++;
        notStarted.add(job);
        CompletableFuture<?> previous = tail;
        tail = job.result;
        job.result.whenComplete((delivery, failure) -> left());
        return Optional.of(previous);
    }

    /** Takes a job whose turn came; false when it was drained or already ended, and must not be sent. */
    synchronized boolean start(Job job) {
        return notStarted.remove(job) && !job.result.isDone();
    }

    /** Removes the jobs that have not started, for the caller to fail: none of them will be sent. */
    synchronized List<Job> drain() {
        List<Job> jobs = new ArrayList<>(notStarted);
        notStarted.clear();
        return jobs;
    }

    /** Jobs waiting or being sent. */
    synchronized int waiting() {
        return waiting;
    }

    private synchronized void left() {
        waiting--;
    }

    /** Counts one more NOTIFY without answer; returns how many in a row. */
    synchronized int recordFailure() {
        return ++failures;
    }

    /** The phone answered: the failures in a row start again from none. */
    synchronized void recordAnswer() {
        failures = 0;
    }

    synchronized SipTransport.Auth auth() {
        return auth;
    }

    /** The digest to answer the next NOTIFY with, or null to forget it (the phone refused it). */
    synchronized void auth(SipTransport.Auth learnt) {
        auth = learnt;
    }
}
