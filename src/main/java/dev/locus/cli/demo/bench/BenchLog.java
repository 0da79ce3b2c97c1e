package dev.locus.cli.demo.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The benchmark's own log (its API servers and clients): warnings and errors, into a file of the
 * work directory, so that the console shows only the benchmark's figures. The operator, a process
 * of its own, logs to another file there.
 */
final class BenchLog {

    /** Held strongly: JUL forgets the configuration of loggers nobody references. */
    private static final Logger ROOT = Logger.getLogger("");

    private static final Logger VERSION_USAGE =
            Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

    private BenchLog() {}

    static void toFile(Path file) throws IOException {
        StreamHandler handler =
                new StreamHandler(
                        new FileOutputStream(file.toFile(), true),
                        new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c] %s%e%n")) {
                    @Override
                    public synchronized void publish(java.util.logging.LogRecord record) {
                        super.publish(record);
                        flush();
                    }
                };
        handler.setLevel(Level.WARNING);
        for (var existing : ROOT.getHandlers()) {
            ROOT.removeHandler(existing);
        }
        ROOT.setLevel(Level.WARNING);
        VERSION_USAGE.setLevel(Level.SEVERE);
        ROOT.addHandler(handler);
    }
}
