package org.actionbridge.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.AssumptionViolatedException;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Adds the end of the container's karaf.log to the message of a failing test: what ActionBridge logged and
 * every warning. A CI run keeps only the test report, and Pax Exam deletes the container afterwards, so a
 * rare failure is otherwise left without a trace. Outside a container (no {@code karaf.log} property) it
 * does nothing.
 */
public final class KarafLogOnFailure implements TestRule {

    private static final int LINES = 50;
    private static final int LINE_LENGTH = 400;

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                try {
                    base.evaluate();
                } catch (AssumptionViolatedException e) {
                    throw e;
                } catch (Throwable failure) {
                    String excerpt = excerpt();
                    if (excerpt == null) {
                        throw failure;
                    }
                    // no cause: Pax Exam reports the innermost cause of a failure, which would drop the excerpt
                    AssertionError withLog = new AssertionError(failure + "\nkaraf.log, ActionBridge and warnings, last "
                            + LINES + " lines:\n" + excerpt);
                    withLog.setStackTrace(failure.getStackTrace());
                    throw withLog;
                }
            }
        };
    }

    /** The end of this container's karaf.log, or null outside a container. */
    private static String excerpt() {
        String directory = System.getProperty("karaf.log"); // set by Karaf's launcher, also under Pax Exam
        return directory == null ? null : excerpt(Path.of(directory, "karaf.log"));
    }

    /** The last lines of {@code karafLog} that ActionBridge logged above DEBUG, and every warning and error. */
    public static String excerpt(Path karafLog) {
        try (Stream<String> lines = Files.lines(karafLog, StandardCharsets.ISO_8859_1)) {
            List<String> kept = lines.filter(KarafLogOnFailure::worthKeeping)
                    .map(line -> line.length() > LINE_LENGTH ? line.substring(0, LINE_LENGTH) + "..." : line).toList();
            return String.join("\n", kept.subList(Math.max(0, kept.size() - LINES), kept.size()));
        } catch (IOException | RuntimeException e) {
            return "(" + karafLog + " unreadable: " + e + ")";
        }
    }

    private static boolean worthKeeping(String line) {
        // ActionBridge's own lines, but not Felix SCR's component bookkeeping logged under their names
        boolean ours = line.contains(" - org.actionbridge.") && !line.contains("| DEBUG |");
        return ours || line.contains("| WARN ") || line.contains("| ERROR ");
    }
}
