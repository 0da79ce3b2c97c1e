package dev.locus.cli.demo.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording of this process (the embedded API servers and the benchmark's clients), with the
 * JDK's {@code profile} settings, written to a file when closed; nothing when not asked for.
 */
final class Profile implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profile start(boolean enabled, Path directory, String name) throws IOException {
        if (!enabled) {
            return new Profile(null, null);
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(name);
            recording.start();
            return new Profile(recording, directory.resolve(name + ".jfr"));
        } catch (ParseException e) {
            throw new IOException("the JDK's JFR 'profile' settings cannot be read", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
        }
    }
}
