package dev.locus.cli.demo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** CPU time and resident memory of a Linux process, from /proc/&lt;pid&gt;/stat and status. */
final class ProcStats {

    /**
     * Clock ticks per second of utime and stime: {@code sysconf(_SC_CLK_TCK)}, which is 100 on
     * every Linux architecture Java runs on (USER_HZ), whatever the kernel's own HZ.
     */
    static final long TICKS_PER_SECOND = 100;

    private ProcStats() {}

    /** utime + stime of the process in milliseconds; -1 when /proc cannot be read. */
    static long cpuMillis(long pid) {
        try {
            return cpuMillis(
                    Files.readString(
                            Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * utime + stime from the text of /proc/&lt;pid&gt;/stat (fields 14 and 15; the command name in
     * field 2 may hold spaces and parentheses, so fields are counted after its last ')').
     */
    static long cpuMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /**
     * CPU milliseconds of the process's live threads, summed by thread name with digits as {@code
     * N} ({@code vert.x-eventloo} and {@code pool-N-thread-N}: Linux keeps the first 15 characters
     * of a Java thread's name). Threads that ended are not counted. Empty when /proc cannot be
     * read.
     */
    static Map<String, Long> threadCpuMillis(long pid) {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(
                    t -> {
                        try {
                            String stat =
                                    Files.readString(t.resolve("stat"), StandardCharsets.UTF_8);
                            out.merge(threadGroup(stat), cpuMillis(stat), Long::sum);
                        } catch (IOException | RuntimeException e) {
                            // The thread ended while we read.
                        }
                    });
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * CPU milliseconds of each live thread of the process, by "name tid" (not grouped). Empty when
     * /proc cannot be read.
     */
    static Map<String, Long> eachThreadCpuMillis(long pid) {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(
                    t -> {
                        try {
                            String stat =
                                    Files.readString(t.resolve("stat"), StandardCharsets.UTF_8);
                            String comm =
                                    stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            out.put(comm + " " + t.getFileName(), cpuMillis(stat));
                        } catch (IOException | RuntimeException e) {
                            // The thread ended while we read.
                        }
                    });
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The name of a thread's /proc stat line (field 2), with the numbers that tell threads of one
     * pool apart as N: {@code pool-3-thread-12} and {@code GC Thread#1} become {@code
     * pool-N-thread-N} and {@code GC Thread#N}; {@code C2 CompilerThre} stays.
     */
    static String threadGroup(String stat) {
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return comm.replaceAll("(?<=[-#])\\d+|\\d+$", "N");
    }

    /**
     * CPU milliseconds the whole machine spent busy (all but idle and iowait, all cores) since it
     * started, from the first line of /proc/stat; -1 when it cannot be read.
     */
    static long machineBusyMillis() {
        try {
            return machineBusyMillis(
                    Files.readString(Path.of("/proc/stat"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        }
    }

    static long machineBusyMillis(String stat) {
        String[] f = stat.lines().findFirst().orElse("").trim().split("\\s+");
        long busy = 0;
        // cpu user nice system idle iowait irq softirq steal [guest guest_nice, within user]
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * 1000 / TICKS_PER_SECOND;
    }

    /** VmRSS in KiB; -1 when /proc cannot be read. */
    static long rssKiB(long pid) {
        try {
            return rssKiB(
                    Files.readString(
                            Path.of("/proc", Long.toString(pid), "status"),
                            StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmRSS in KiB from the text of /proc/&lt;pid&gt;/status; -1 when it has none. */
    static long rssKiB(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
