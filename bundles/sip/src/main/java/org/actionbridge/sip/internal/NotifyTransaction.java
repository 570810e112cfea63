package org.actionbridge.sip.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.actionbridge.core.CommandError;

/**
 * An RFC 3261 (17.1.2) non-INVITE client transaction over UDP: Timer E retransmits after T1, doubling up
 * to T2 while Trying and every T2 once a provisional response came (Proceeding); a final response ends it;
 * Timer F (64*T1) ends it as a timeout. Responses reach it only when the endpoint matched their branch,
 * and it checks CSeq and Call-ID again itself.
 */
final class NotifyTransaction {

    private enum State { TRYING, PROCEEDING, TERMINATED }

    private final NotifyRequest request;
    private final byte[] message;
    private final InetSocketAddress destination;
    private final UdpEndpoint endpoint;
    private final ScheduledExecutorService timers;
    private final long t1;
    private final long t2;
    private final TransmissionListener listener;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final String branch;

    private State state = State.TRYING;
    private long interval;
    private int retransmissions;
    private ScheduledFuture<?> timerE;
    private ScheduledFuture<?> timerF;

    NotifyTransaction(NotifyRequest request, byte[] message, InetSocketAddress destination, UdpEndpoint endpoint,
            ScheduledExecutorService timers, long t1Ms, long t2Ms, TransmissionListener listener) {
        this.request = request;
        this.branch = request.branch();
        this.message = message;
        this.destination = destination;
        this.endpoint = endpoint;
        this.timers = timers;
        this.t1 = t1Ms;
        this.t2 = Math.max(t1Ms, t2Ms);
        this.listener = listener;
    }

    String branch() {
        return branch;
    }

    /** Sends the request and arms Timers E and F; the future completes exactly once. */
    CompletableFuture<Outcome> start() {
        if (!endpoint.register(this)) {
            return CompletableFuture.completedFuture(Outcome.failed(CommandError.BUSY,
                    "too many SIP transactions open at once"));
        }
        synchronized (this) {
            interval = t1;
            try {
                timerF = timers.schedule(this::timerF, 64 * t1, TimeUnit.MILLISECONDS);
                timerE = timers.schedule(this::timerE, interval, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                end(Outcome.failed(CommandError.NO_TRANSPORT, "the SIP transport was stopped"));
                return outcome;
            }
        }
        transmit(0);
        return outcome;
    }

    private void transmit(int attempt) {
        try {
            // told first: a response can end the transaction (and the caller's wait) before send returns
            listener.sent(branch, attempt, System.nanoTime());
            endpoint.send(message, destination);
        } catch (IOException e) {
            synchronized (this) {
                end(Outcome.failed(CommandError.UNREACHABLE,
                        "cannot send to " + destination + ": " + e.getMessage()));
            }
        }
    }

    private void timerE() {
        int attempt;
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            // Trying: T1, 2*T1, 4*T1 ... capped at T2; Proceeding: every T2 (17.1.2.2)
            interval = state == State.PROCEEDING ? t2 : Math.min(2 * interval, t2);
            try {
                timerE = timers.schedule(this::timerE, interval, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return;
            }
            attempt = ++retransmissions;
        }
        transmit(attempt);
    }

    private synchronized void timerF() {
        if (state != State.TERMINATED) {
            end(Outcome.failed(CommandError.TIMEOUT, "no final response from " + destination + " within "
                    + 64 * t1 + " ms (Timer F, " + (retransmissions + 1) + " transmissions)"));
        }
    }

    /** A response whose top Via carried this transaction's branch. */
    synchronized void onResponse(SipResponse response) {
        if (state == State.TERMINATED || !request.matches(response)) {
            return;
        }
        if (response.provisional()) {
            if (state == State.TRYING) {
                state = State.PROCEEDING;
                // the next retransmission waits T2 (17.1.2.2)
            }
            return;
        }
        end(Outcome.answered(response));
    }

    /** Ends the transaction from outside (the transport is stopping). */
    synchronized void abort(CommandError error, String message) {
        if (state != State.TERMINATED) {
            end(Outcome.failed(error, message));
        }
    }

    private void end(Outcome result) {
        state = State.TERMINATED;
        if (timerE != null) {
            timerE.cancel(false);
        }
        if (timerF != null) {
            timerF.cancel(false);
        }
        endpoint.unregister(this);
        outcome.complete(result);
    }
}
