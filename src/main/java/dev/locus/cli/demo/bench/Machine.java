package dev.locus.cli.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine the benchmark ran on: CPU, cores, memory, OS. */
final class Machine {

    private Machine() {}

    static String describe() {
        String cpu = "unknown CPU";
        long memKiB = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKiB = Long.parseLong(line.substring(9).trim().split("\\s+")[0]);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: say less.
        }
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %s RAM, %s %s",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                memKiB < 0 ? "?" : String.format(Locale.ROOT, "%.0f GiB", memKiB / 1048576.0),
                System.getProperty("os.name"),
                System.getProperty("os.version"));
    }
}
