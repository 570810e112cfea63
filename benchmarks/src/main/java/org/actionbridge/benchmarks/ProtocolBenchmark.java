package org.actionbridge.benchmarks;

import java.util.concurrent.TimeUnit;

import org.actionbridge.protocol.ActionUrlRequest;
import org.actionbridge.protocol.ActiveUriInstruction;
import org.actionbridge.protocol.KeySequence;
import org.actionbridge.protocol.PhoneCommands;
import org.actionbridge.protocol.ProtocolException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protocol model's hot paths: the receiver parses one Action URL request per phone event, and the
 * transports render one key sequence per command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolBenchmark {

    /** An incoming call as an X6 phone reports it with the generator's URL. */
    static final String QUERY = "mac=0c383e1a2b3c&ip=192.0.2.10&model=X6U&firmware=1.12.5"
            + "&active_uri=sip%3A3583%4010.2.1.48&active_user=3583&active_host=10.2.1.48"
            + "&local=sip%3A3583%4010.2.1.48&remote=sip%3A3586%4010.2.1.48&display_local=3583"
            + "&display_remote=Alice&call_id=17&line=1&remote_number=3586&remote_displayname=Alice";

    @Benchmark
    public ActionUrlRequest parseActionUrlRequest() throws ProtocolException {
        return ActionUrlRequest.parse("incoming_call", QUERY);
    }

    @Benchmark
    public String parseAndRenderKeySequence() throws ProtocolException {
        return KeySequence.parse("SPEAKER;0000;ENTER").toQueryValue();
    }

    @Benchmark
    public String dialInstructionQuery() throws ProtocolException {
        ActiveUriInstruction dial = PhoneCommands.dial("0049301234567");
        return dial.toQueryString();
    }
}
