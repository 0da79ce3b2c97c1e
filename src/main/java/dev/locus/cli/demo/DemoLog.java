package dev.locus.cli.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The demo's log: warnings and errors of the operator and the libraries, one line each (with stack
 * traces), in a file the demo names; nothing on the console, where the demo tells its own story.
 * The format is the operator's console format. Every logging API in play (JUL, JBoss Logging,
 * SLF4J) ends in JBoss LogManager's root logger when the JVM runs with {@code
 * -Djava.util.logging.manager=org.jboss.logmanager.LogManager}, as {@code bin/kubectl-locus} starts
 * it.
 */
final class DemoLog {

    /** Held strongly: JUL forgets the configuration of loggers nobody references. */
    private static final Logger ROOT = Logger.getLogger("");

    /** Warns about v1alpha1 on every first use of a kind; the operator silences it too. */
    private static final Logger VERSION_USAGE =
            Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

    private final Path file;
    private final AtomicInteger lines = new AtomicInteger();

    private DemoLog(Path file) {
        this.file = file;
    }

    /** Sends warnings and errors to a new temporary file, and nothing else anywhere. */
    static DemoLog toTemporaryFile() throws IOException {
        DemoLog log = new DemoLog(Files.createTempFile("locus-demo-", ".log"));
        StreamHandler handler =
                new StreamHandler(
                        new FileOutputStream(log.file.toFile(), true),
                        new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c] %s%e%n")) {
                    @Override
                    public synchronized void publish(LogRecord record) {
                        if (isLoggable(record)) {
                            super.publish(record);
                            flush();
                            log.lines.incrementAndGet();
                        }
                    }
                };
        handler.setLevel(Level.WARNING);
        for (var existing : ROOT.getHandlers()) {
            ROOT.removeHandler(existing);
        }
        ROOT.setLevel(Level.WARNING);
        VERSION_USAGE.setLevel(Level.SEVERE);
        ROOT.addHandler(handler);
        return log;
    }

    Path file() {
        return file;
    }

    /** How many warnings and errors were written. */
    int lines() {
        return lines.get();
    }
}
