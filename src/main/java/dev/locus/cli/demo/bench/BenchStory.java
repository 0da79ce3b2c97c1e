package dev.locus.cli.demo.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** The run's story on the terminal: lines after the seconds since it began, and its problems. */
final class BenchStory {

    private final PrintWriter out;
    private final long begun;
    private final Results results;

    /**
     * @param begun when the run began (nanoTime)
     * @param results where problems are kept too
     */
    BenchStory(PrintWriter out, long begun, Results results) {
        this.out = out;
        this.begun = begun;
        this.results = results;
    }

    PrintWriter out() {
        return out;
    }

    /** A line of the run's story, after the seconds since it began. */
    void say(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        out.println(
                text.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "[%5.1fs] %s",
                                (System.nanoTime() - begun) / 1e9,
                                text));
        out.flush();
    }

    /** A phase that did not complete: said, and kept in the results. */
    void problem(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        results.problems.add(text);
        say("  PROBLEM: %s", text);
    }
}
