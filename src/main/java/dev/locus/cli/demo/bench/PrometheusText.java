package dev.locus.cli.demo.bench;

import java.util.Map;
import java.util.OptionalDouble;

/** Reads samples from the Prometheus text format (what /q/metrics serves). */
final class PrometheusText {

    private PrometheusText() {}

    /**
     * The sum of the samples of {@code name} whose labels include every one of {@code labels} (for
     * example {@code jvm_memory_used_bytes} with {@code area="heap"} sums the heap's pools); empty
     * when there is none.
     */
    static OptionalDouble sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            String rest = line.substring(name.length());
            String labelText = "";
            if (rest.startsWith("{")) {
                int end = rest.lastIndexOf('}');
                if (end < 0) {
                    continue;
                }
                labelText = rest.substring(1, end);
                rest = rest.substring(end + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // another metric whose name starts with this one
            }
            if (!matches(labelText, labels)) {
                continue;
            }
            String[] value = rest.trim().split("\\s+");
            try {
                sum += Double.parseDouble(value[0]);
                found = true;
            } catch (NumberFormatException e) {
                // NaN and the like are parsed by Double; anything else is not a sample.
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /**
     * The samples of {@code name} summed by the value of one label (for example JOSDK's
     * reconciliations by {@code kind}); samples without the label are left out.
     */
    static Map<String, Double> sumBy(String text, String name, String label) {
        Map<String, Double> out = new java.util.TreeMap<>();
        String key = label + "=\"";
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            int end = line.lastIndexOf('}');
            String labels = line.substring(name.length() + 1, end);
            int at = labels.indexOf(key);
            while (at > 0 && labels.charAt(at - 1) != ',') {
                at = labels.indexOf(key, at + 1);
            }
            if (at < 0) {
                continue;
            }
            int from = at + key.length();
            String value = labels.substring(from, labels.indexOf('"', from));
            try {
                out.merge(
                        value,
                        Double.parseDouble(line.substring(end + 1).trim().split("\\s+")[0]),
                        Double::sum);
            } catch (NumberFormatException e) {
                // Not a sample.
            }
        }
        return out;
    }

    private static boolean matches(String labelText, Map<String, String> labels) {
        for (var e : labels.entrySet()) {
            String pair = e.getKey() + "=\"" + e.getValue() + "\"";
            int at = labelText.indexOf(pair);
            while (at > 0 && labelText.charAt(at - 1) != ',') {
                at = labelText.indexOf(pair, at + 1);
            }
            if (at < 0) {
                return false;
            }
        }
        return true;
    }
}
