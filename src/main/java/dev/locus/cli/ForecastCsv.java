package dev.locus.cli;

import dev.locus.api.v1alpha1.ForecastEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads an hourly forecast CSV: a header {@code
 * cluster,from,carbonIntensityGramsPerKwh,pricePerKwh} (columns in any order, {@code pricePerKwh}
 * optional), then one line per cluster and hour. Empty lines and lines starting with {@code #} are
 * skipped. A file with any bad line yields no forecast at all, only the problems, each naming the
 * file, the line and the field.
 */
public final class ForecastCsv {

    /** The most entries a Cluster's forecast may hold (a week of hours; the CRD's maxItems). */
    public static final int MAX_ENTRIES = 168;

    /** The highest carbon intensity and price the CRD accepts. */
    static final double MAX_CARBON = 10000;

    static final double MAX_PRICE = 1000;

    static final String CLUSTER = "cluster";
    static final String FROM = "from";
    static final String CARBON = "carbonIntensityGramsPerKwh";
    static final String PRICE = "pricePerKwh";

    private static final List<String> COLUMNS = List.of(CLUSTER, FROM, CARBON, PRICE);

    /** A Kubernetes object name (RFC 1123 subdomain), as Cluster names are. */
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** A decimal number, as written in a CSV: 40, 0.06, -1 (refused later), 1e2. */
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    /** The file cannot be imported: every problem found, in line order. */
    public static final class Invalid extends Exception {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private ForecastCsv() {}

    /** Each cluster's forecast from the file, entries ordered by from; clusters by name. */
    public static Map<String, List<ForecastEntry>> read(Path file) throws Invalid {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    /** As {@link #read}, from the text of a file named {@code name} in the messages. */
    public static Map<String, List<ForecastEntry>> parse(String name, String text) throws Invalid {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        Map<String, Integer> columns = null;
        int headerLine = 0;
        // cluster -> from -> the line that gave it
        Map<String, TreeMap<Instant, Integer>> lineOf = new TreeMap<>();
        Map<String, Map<Instant, ForecastEntry>> entries = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = i == 0 ? stripBom(lines[i]) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String[] cells = cells(line);
            String at = name + ":" + number;
            if (columns == null) {
                headerLine = number;
                columns = header(at, cells, problems);
                if (columns == null) {
                    break;
                }
                continue;
            }
            if (cells.length != columns.size()) {
                problems.add(
                        at
                                + ": expected "
                                + columns.size()
                                + " fields ("
                                + String.join(",", orderOf(columns))
                                + "), got "
                                + cells.length);
                continue;
            }
            int before = problems.size();
            String cluster = cells[columns.get(CLUSTER)];
            if (cluster.isEmpty()) {
                problems.add(at + ": " + CLUSTER + ": is required");
            } else if (!NAME.matcher(cluster).matches() || cluster.length() > 253) {
                problems.add(
                        at
                                + ": "
                                + CLUSTER
                                + ": '"
                                + cluster
                                + "' is not a Cluster name (lower case letters, digits, '-' and"
                                + " '.')");
            }
            Instant from = hour(at, cells[columns.get(FROM)], problems);
            Double carbon =
                    number(at, CARBON, cells[columns.get(CARBON)], true, MAX_CARBON, problems);
            Double price =
                    columns.containsKey(PRICE)
                            ? number(
                                    at,
                                    PRICE,
                                    cells[columns.get(PRICE)],
                                    false,
                                    MAX_PRICE,
                                    problems)
                            : null;
            if (problems.size() > before) {
                continue;
            }
            Integer earlier =
                    lineOf.computeIfAbsent(cluster, c -> new TreeMap<>()).putIfAbsent(from, number);
            if (earlier != null) {
                problems.add(
                        at
                                + ": "
                                + FROM
                                + ": "
                                + from
                                + " for cluster "
                                + cluster
                                + " is already given on line "
                                + earlier);
                continue;
            }
            ForecastEntry entry = new ForecastEntry();
            entry.setFrom(from.toString());
            entry.setCarbonIntensityGramsPerKwh(carbon);
            entry.setPricePerKwh(price);
            entries.computeIfAbsent(cluster, c -> new HashMap<>()).put(from, entry);
        }
        if (columns == null && problems.isEmpty()) {
            problems.add(name + ": no header line (" + String.join(",", COLUMNS) + ")");
        }
        lineOf.forEach(
                (cluster, hours) -> {
                    if (hours.size() > MAX_ENTRIES) {
                        int line =
                                hours.values().stream()
                                        .sorted()
                                        .skip(MAX_ENTRIES)
                                        .findFirst()
                                        .orElseThrow();
                        problems.add(
                                name
                                        + ":"
                                        + line
                                        + ": "
                                        + CLUSTER
                                        + ": "
                                        + cluster
                                        + " has "
                                        + hours.size()
                                        + " hours; a Cluster's forecast holds at most "
                                        + MAX_ENTRIES);
                    }
                });
        if (columns != null && problems.isEmpty() && entries.isEmpty()) {
            problems.add(name + ":" + headerLine + ": no forecast lines after the header");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        Map<String, List<ForecastEntry>> out = new TreeMap<>();
        lineOf.forEach(
                (cluster, hours) ->
                        out.put(
                                cluster,
                                hours.keySet().stream()
                                        .map(h -> entries.get(cluster).get(h))
                                        .toList()));
        return out;
    }

    /** Column positions by name, or null (with a problem) when the header is not one. */
    private static Map<String, Integer> header(String at, String[] cells, List<String> problems) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String column = cells[i];
            if (!COLUMNS.contains(column)) {
                problems.add(
                        at
                                + ": header: unknown column '"
                                + column
                                + "' (expected "
                                + String.join(",", COLUMNS)
                                + "; "
                                + PRICE
                                + " is optional)");
            } else if (columns.putIfAbsent(column, i) != null) {
                problems.add(at + ": header: column '" + column + "' appears twice");
            }
        }
        for (String required : List.of(CLUSTER, FROM, CARBON)) {
            if (!columns.containsKey(required)) {
                problems.add(at + ": header: column '" + required + "' is missing");
            }
        }
        return problems.isEmpty() ? columns : null;
    }

    private static List<String> orderOf(Map<String, Integer> columns) {
        String[] names = new String[columns.size()];
        columns.forEach((column, i) -> names[i] = column);
        return Arrays.asList(names);
    }

    /** The start of an hour, from an RFC 3339 time with no minutes or seconds past it. */
    private static Instant hour(String at, String value, List<String> problems) {
        if (value.isEmpty()) {
            problems.add(at + ": " + FROM + ": is required");
            return null;
        }
        Instant from;
        try {
            from = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(
                    at
                            + ": "
                            + FROM
                            + ": '"
                            + value
                            + "' is not an RFC 3339 time (for example 2026-12-01T02:00:00Z)");
            return null;
        }
        if (!from.truncatedTo(ChronoUnit.HOURS).equals(from)) {
            problems.add(
                    at
                            + ": "
                            + FROM
                            + ": '"
                            + value
                            + "' is not the start of a UTC hour (each entry covers [from, from +"
                            + " 1 h))");
            return null;
        }
        return from;
    }

    private static Double number(
            String at,
            String field,
            String value,
            boolean required,
            double max,
            List<String> problems) {
        if (value.isEmpty()) {
            if (required) {
                problems.add(at + ": " + field + ": is required");
            }
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            problems.add(at + ": " + field + ": '" + value + "' is not a number");
            return null;
        }
        double d = Double.parseDouble(value);
        if (Double.isInfinite(d)) {
            problems.add(at + ": " + field + ": '" + value + "' is not a number");
        } else if (d < 0) {
            problems.add(at + ": " + field + ": " + value + " is negative");
        } else if (d > max) {
            problems.add(at + ": " + field + ": " + value + " is above " + (long) max);
        }
        return d;
    }

    /** The fields of a line, trimmed; a field in double quotes loses them. */
    private static String[] cells(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i].strip();
            if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
                cell = cell.substring(1, cell.length() - 1).strip();
            }
            cells[i] = cell;
        }
        return cells;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
