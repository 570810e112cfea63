package org.actionbridge.activeuri.internal;

import org.actionbridge.protocol.auth.DigestAuthenticator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.actionbridge.core.Delivery;
import org.actionbridge.core.PhoneConfiguration;
import org.actionbridge.protocol.ActiveUriInstruction;

/**
 * The commands of one phone: a bounded queue worked off one at a time, in order, plus what the phone
 * taught us about authentication and how often it failed in a row. Guarded by its own monitor.
 */
final class PhoneLane {

    /** One command waiting for or getting its answer. */
    static final class Job {
        final PhoneConfiguration phone;
        final ActiveUriInstruction instruction;
        final CompletableFuture<Delivery> result = new CompletableFuture<>();

        Job(PhoneConfiguration phone, ActiveUriInstruction instruction) {
            this.phone = phone;
            this.instruction = instruction;
        }
    }

    /** The authentication the phone asked for last time, for the credentials it was learnt with. */
    record Auth(String username, String password, DigestAuthenticator digest) {
        boolean basic() {
            return digest == null;
        }

        boolean matches(PhoneConfiguration phone) {
            return username.equals(phone.username()) && password.equals(phone.password());
        }
    }

    private final ArrayDeque<Job> pending = new ArrayDeque<>();
    private boolean running;
    private int consecutiveFailures;
    private long lastFinished;
    private Auth auth;

    /** Queues a job; false when the queue is full. Returns through {@code start} whether a worker must start. */
    synchronized boolean offer(Job job, int capacity, boolean[] start) {
        if (pending.size() >= capacity) {
            return false;
        }
        pending.add(job);
        start[0] = !running;
        running = true;
        return true;
    }

    /** The next job, or null (and the lane idle) when there is none. */
    synchronized Job next() {
        Job job = pending.poll();
        if (job == null) {
            running = false;
        }
        return job;
    }

    /** Marks the lane idle without taking a job (the executor refused the work). */
    synchronized List<Job> stop() {
        running = false;
        return drain();
    }

    synchronized List<Job> drain() {
        List<Job> jobs = new ArrayList<>(pending);
        pending.clear();
        return jobs;
    }

    synchronized int recordFailure() {
        return ++consecutiveFailures;
    }

    synchronized void recordAnswer() {
        consecutiveFailures = 0;
    }

    synchronized void finished(long nanoTime) {
        lastFinished = nanoTime;
    }

    synchronized long lastFinished() {
        return lastFinished;
    }

    synchronized Auth auth(PhoneConfiguration phone) {
        return auth != null && auth.matches(phone) ? auth : null;
    }

    synchronized void auth(Auth learnt) {
        auth = learnt;
    }
}
