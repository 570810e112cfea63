package org.actionbridge.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Prints result lines as they come and appends them to a results file. */
final class Report {

    private final Path file;

    Report(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        Files.writeString(file, "", StandardCharsets.UTF_8);
    }

    void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        System.out.flush();
        try {
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e);
        }
    }

    static String verdict(boolean met) {
        return met ? "target met" : "TARGET MISSED";
    }
}
