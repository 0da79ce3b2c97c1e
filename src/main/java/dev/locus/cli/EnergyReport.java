package dev.locus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.EnergyUsed;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The energy of finished workloads, summed per zone and per cluster: accelerator-hours, kWh, CO2e,
 * and the CO2e that deferral avoided. Pure: workloads in, a report out.
 */
public final class EnergyReport {

    /** Where a workload had no zone, or no assignment to name its cluster. */
    public static final String NONE = "none";

    /** Part of a run's energy spent on one cluster: weighted by its accelerators there. */
    public record Share(String cluster, double accelerators) {}

    /** A finished workload's recorded energy and where it ran. */
    public record Run(
            String kind,
            String namespace,
            String name,
            String zone,
            List<Share> shares,
            double acceleratorHours,
            double kilowattHours,
            double gramsCO2e,
            double gramsCO2eAvoided) {}

    /** A sum over workloads; {@code workloads} counts those with some of their energy here. */
    public record Row(
            String name,
            int workloads,
            double acceleratorHours,
            double kilowattHours,
            double gramsCO2e,
            double gramsCO2eAvoided) {

        Row plus(Run run, double fraction) {
            return new Row(
                    name,
                    workloads + 1,
                    acceleratorHours + run.acceleratorHours() * fraction,
                    kilowattHours + run.kilowattHours() * fraction,
                    gramsCO2e + run.gramsCO2e() * fraction,
                    gramsCO2eAvoided + run.gramsCO2eAvoided() * fraction);
        }
    }

    /**
     * Rows per zone and per cluster (by name, {@code none} last) and their total; {@code
     * withoutEnergy} counts finished workloads that have no status.energy and are not summed.
     */
    public record Report(List<Row> zones, List<Row> clusters, Row total, int withoutEnergy) {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnergyReport() {}

    /** The run of a finished (Succeeded or Failed) workload with status.energy, else empty. */
    public static Optional<Run> runOf(WorkloadResource w) {
        WorkloadStatus status = w.getStatus();
        if (!finished(w) || status.getEnergy() == null) {
            return Optional.empty();
        }
        EnergyUsed energy = status.getEnergy();
        PlacementStatus placement = status.getPlacement();
        String zone =
                placement == null || placement.getZone() == null || placement.getZone().isBlank()
                        ? NONE
                        : placement.getZone();
        List<Share> shares = new ArrayList<>();
        if (placement != null && placement.getAssignments() != null) {
            for (Assignment a : placement.getAssignments()) {
                if (a == null) {
                    continue;
                }
                String cluster =
                        a.getCluster() == null || a.getCluster().isBlank() ? NONE : a.getCluster();
                shares.add(
                        new Share(cluster, a.getAccelerators() == null ? 0 : a.getAccelerators()));
            }
        }
        return Optional.of(
                new Run(
                        w.getKind(),
                        w.getMetadata().getNamespace(),
                        w.getMetadata().getName(),
                        zone,
                        shares,
                        orZero(energy.getAcceleratorHours()),
                        orZero(energy.getKilowattHours()),
                        orZero(energy.getGramsCO2e()),
                        orZero(energy.getGramsCO2eAvoided())));
    }

    /** True when the workload Succeeded or Failed. */
    public static boolean finished(WorkloadResource w) {
        return w.getStatus() != null
                && w.getStatus().getPhase() != null
                && w.getStatus().getPhase().isFinished();
    }

    /** The report of these workloads: finished ones with status.energy are summed. */
    public static Report of(List<? extends WorkloadResource> workloads) {
        List<Run> runs = new ArrayList<>();
        int withoutEnergy = 0;
        for (WorkloadResource w : workloads) {
            Optional<Run> run = runOf(w);
            if (run.isPresent()) {
                runs.add(run.get());
            } else if (finished(w)) {
                withoutEnergy++;
            }
        }
        return aggregate(runs, withoutEnergy);
    }

    /**
     * Sums runs per zone and per cluster. A run on several clusters is split by its accelerators on
     * each (equally when none are known); one without assignments counts on cluster {@code none}.
     */
    public static Report aggregate(List<Run> runs, int withoutEnergy) {
        Map<String, Row> zones = new TreeMap<>(NONE_LAST);
        Map<String, Row> clusters = new TreeMap<>(NONE_LAST);
        Row total = empty("TOTAL");
        for (Run run : runs) {
            zones.merge(run.zone(), empty(run.zone()).plus(run, 1), EnergyReport::sum);
            total = total.plus(run, 1);
            for (Map.Entry<String, Double> share : fractions(run).entrySet()) {
                clusters.merge(
                        share.getKey(),
                        empty(share.getKey()).plus(run, share.getValue()),
                        EnergyReport::sum);
            }
        }
        return new Report(
                List.copyOf(zones.values()), List.copyOf(clusters.values()), total, withoutEnergy);
    }

    /** Each cluster's fraction of a run; a cluster named twice gets both shares. */
    static Map<String, Double> fractions(Run run) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (run.shares().isEmpty()) {
            out.put(NONE, 1.0);
            return out;
        }
        double accelerators = run.shares().stream().mapToDouble(Share::accelerators).sum();
        for (Share share : run.shares()) {
            double fraction =
                    accelerators > 0
                            ? share.accelerators() / accelerators
                            : 1.0 / run.shares().size();
            out.merge(share.cluster(), fraction, Double::sum);
        }
        return out;
    }

    /** Two tables, per zone and per cluster, each with its total. */
    public static String table(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(table("ZONE", report.zones(), report.total()));
        out.append('\n');
        out.append(table("CLUSTER", report.clusters(), report.total()));
        if (report.withoutEnergy() > 0) {
            out.append('\n')
                    .append(report.withoutEnergy())
                    .append(" finished workload(s) without status.energy are not counted.\n");
        }
        return out.toString();
    }

    private static String table(String by, List<Row> rows, Row total) {
        TextTable table =
                new TextTable(
                        by, "WORKLOADS", "ACCELERATOR-HOURS", "KWH", "KG CO2E", "KG CO2E AVOIDED");
        for (Row row : rows) {
            table.row(cells(row));
        }
        table.row(cells(total));
        return table.render();
    }

    private static String[] cells(Row row) {
        return new String[] {
            row.name(),
            Integer.toString(row.workloads()),
            format("%.2f", row.acceleratorHours()),
            format("%.2f", row.kilowattHours()),
            format("%.3f", row.gramsCO2e() / 1000),
            format("%.3f", row.gramsCO2eAvoided() / 1000)
        };
    }

    /** The report as JSON: {@code {"zones": [...], "clusters": [...], "total": {...}, ...}}. */
    public static String json(Report report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(String pattern, double value) {
        // No "-0.000" for a sum that rounds to nothing.
        String s = String.format(Locale.ROOT, pattern, value);
        return s.matches("-0\\.0*") ? s.substring(1) : s;
    }

    private static final Comparator<String> NONE_LAST =
            Comparator.comparing((String s) -> s.equals(NONE)).thenComparing(s -> s);

    private static Row empty(String name) {
        return new Row(name, 0, 0, 0, 0, 0);
    }

    private static Row sum(Row a, Row b) {
        return new Row(
                a.name(),
                a.workloads() + b.workloads(),
                a.acceleratorHours() + b.acceleratorHours(),
                a.kilowattHours() + b.kilowattHours(),
                a.gramsCO2e() + b.gramsCO2e(),
                a.gramsCO2eAvoided() + b.gramsCO2eAvoided());
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
