package org.actionbridge.actionurl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.actionbridge.core.ThingRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A wrong Action URL token must not reveal, by the time its 404 takes, how close it was to the right one
 * (length, or a correct prefix). Calls the real servlet in-process (no network jitter), interleaving the
 * candidates in a random order per round, and compares them with a paired sign test: for two candidates
 * the fraction of rounds in which the first was faster is about one half when their times do not differ,
 * whatever the noise of the machine. A control with a deliberate leak (the same request plus a
 * comparison of two equal 2,000-character strings, about a hundred nanoseconds) shows the test sees a
 * difference of that size. Each figure is the median of three batches measured one after the other: a
 * disturbance of the machine during one batch (seen once in CI, a share of 0.62 between candidates that
 * take the same code path) cannot decide the verdict alone, while a real difference shows in every batch.
 */
class TokenTimingTest {

    private static final String TOKEN = "Zq3v9XkT2mPw7LrB4nYc8HsJ5dFg6Ua1";
    private static final int WARMUP = 20_000;
    private static final int BATCHES = 3;
    private static final int ROUNDS = 5_000;

    /**
     * The sender knows the length of its own guess, so only what it does not know must not show: how
     * much of the guess is right. Each pair has two guesses of the same length, one sharing a prefix
     * (or all but one character) with the token and one sharing nothing.
     */
    @Test
    void howMuchOfAWrongTokenIsRightDoesNotShowInItsTime() throws Exception {
        ActionUrlServlet servlet = servlet();
        String[] candidates = {
            unlike(TOKEN), TOKEN.substring(0, TOKEN.length() - 1) + "x", // right length, all but the last right
            unlike(TOKEN + "7"), TOKEN + "7", // the token plus one character
            unlike(TOKEN.substring(1)), TOKEN.substring(0, TOKEN.length() - 1), // the token minus one character
            unlike(TOKEN) + "x".repeat(64), TOKEN + "x".repeat(64) }; // a long guess starting with the token
        String[] labels = { "a right prefix of the token's length", "the token plus one character",
            "the token minus its last character", "a long guess starting with the token" };

        long[][][] batches = measure(servlet, candidates, false);

        for (int pair = 0; pair < labels.length; pair++) {
            assertSame(batches, 2 * pair, 2 * pair + 1, labels[pair]);
        }
    }

    /** A guess of the same length as {@code text} sharing no character position with the token. */
    private static String unlike(String text) {
        StringBuilder guess = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = i < TOKEN.length() ? TOKEN.charAt(i) : text.charAt(i);
            guess.append(c == 'Q' ? 'W' : 'Q');
        }
        return guess.toString();
    }

    private static void assertSame(long[][][] batches, int reference, int other, String label) {
        double[] shares = shares(batches, reference, other);
        double[] ratios = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            ratios[b] = median(batches[b][other]) / (double) median(batches[b][reference]);
        }
        assertThat(middle(shares)).as("share of rounds in which a wrong token of the reference form answered faster "
                + "than %s (batches: %s)", label, Arrays.toString(shares)).isBetween(0.40, 0.60);
        assertThat(middle(ratios)).as("median ratio, %s (batches: %s)", label, Arrays.toString(ratios))
                .isBetween(0.75, 1.33);
    }

    /** Per batch, the share of rounds in which candidate {@code reference} was faster than {@code other}. */
    private static double[] shares(long[][][] batches, int reference, int other) {
        double[] shares = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            shares[b] = fractionFaster(batches[b][reference], batches[b][other]);
        }
        return shares;
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void theSignTestSeesASmallDeliberateLeak() throws Exception {
        ActionUrlServlet servlet = servlet();
        long[][][] batches = measure(servlet, new String[] { "wrong-token", "wrong-token" }, true);
        // candidate 1 carries the deliberate leak: it is slower in clearly more than half the rounds
        double[] shares = shares(batches, 0, 1);
        assertThat(middle(shares)).as("batches: %s", Arrays.toString(shares)).isGreaterThan(0.65);
    }

    /**
     * times[batch][candidate][round] in nanoseconds, after a warm-up; with {@code leak}, candidate 1 also
     * compares a long string.
     */
    private static long[][][] measure(ActionUrlServlet servlet, String[] candidates, boolean leak) throws Exception {
        long[][][] batches = new long[BATCHES][][];
        for (int b = 0; b < BATCHES; b++) {
            batches[b] = measure(servlet, candidates, leak, b == 0 ? WARMUP : 0, new Random(42 + b));
        }
        return batches;
    }

    private static long[][] measure(ActionUrlServlet servlet, String[] candidates, boolean leak, int warmup,
            Random random) throws Exception {
        HttpServletRequest[] requests = new HttpServletRequest[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            requests[i] = request("/" + candidates[i] + "/dnd_enabled");
        }
        long[][] times = new long[candidates.length][ROUNDS];
        int[] order = new int[candidates.length];
        String a = "k".repeat(2_000);
        Leak leakTarget = new Leak(new String("k".repeat(2_000)));
        for (int round = -warmup; round < ROUNDS; round++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int c : order) {
                HttpServletResponse response = response();
                long start = System.nanoTime();
                servlet.service(requests[c], response);
                if (leak && c == 1) {
                    // read from a volatile field each time and written back to one: the JIT can neither hoist
                    // the comparison out of the loop nor drop it
                    leakTarget.equal += a.equals(leakTarget.text) ? 1 : 0;
                }
                long elapsed = System.nanoTime() - start;
                if (round >= 0) {
                    times[c][round] = elapsed;
                }
            }
        }
        if (leak) {
            assertThat(leakTarget.equal).as("comparisons made").isEqualTo(warmup + ROUNDS);
        }
        return times;
    }

    /** The deliberate leak's operand and result, in volatile fields. */
    private static final class Leak {
        volatile String text;
        volatile int equal;

        Leak(String text) {
            this.text = text;
        }
    }

    /** Share of rounds in which {@code a} was faster than {@code b}; ties count half. */
    private static double fractionFaster(long[] a, long[] b) {
        double faster = 0;
        for (int i = 0; i < a.length; i++) {
            faster += a[i] < b[i] ? 1 : a[i] == b[i] ? 0.5 : 0;
        }
        return faster / a.length;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static ActionUrlServlet servlet() {
        ConfigurationAdmin configurationAdmin = proxy(ConfigurationAdmin.class, Map.of());
        ThingRegistry registry = proxy(ThingRegistry.class, Map.of("findByIp", Optional.empty(), "findByMac",
                Optional.empty(), "get", Optional.empty()));
        ReceiverConfig config = proxy(ReceiverConfig.class, Map.of("token", TOKEN));
        ReceiverSettings settings = new ReceiverSettings(configurationAdmin, config);
        return new ActionUrlServlet(registry, settings, new EventDispatcher(registry, settings),
                new DiscoveryInboxImpl(configurationAdmin, registry, settings), new RejectionLog());
    }

    private static HttpServletRequest request(String pathInfo) {
        return proxy(HttpServletRequest.class, Map.of("getMethod", "GET", "getRemoteAddr", "127.0.0.1",
                "getPathInfo", pathInfo, "getQueryString", "mac=0c383e000001"));
    }

    private static HttpServletResponse response() {
        PrintWriter writer = new PrintWriter(new StringWriter());
        return proxy(HttpServletResponse.class, Map.of("getWriter", writer));
    }

    /** A proxy answering {@code answers} by method name, defaults of the annotation, else null/0/false. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> {
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return false;
            }
            if (r == int.class || r == long.class || r == short.class) {
                return r == long.class ? (Object) 0L : r == short.class ? (Object) (short) 0 : (Object) 0;
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (method.getName().equals("equals")) {
                return p == args[0];
            }
            return null;
        });
    }
}
