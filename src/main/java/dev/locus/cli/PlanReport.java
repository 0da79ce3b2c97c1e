package dev.locus.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.placement.Assignment;
import dev.locus.placement.Decision;
import dev.locus.placement.PlacementEnergy;
import dev.locus.placement.WorkloadRef;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders plan decisions as DESIGN.md's JSON document or as a table for people. */
public final class PlanReport {

    /** The JSON document: {@code {"placements": [...]}}. */
    public record Document(List<Placement> placements) {}

    /** One workload's decision. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Placement(
            String kind,
            String namespace,
            String name,
            String phase,
            String reason,
            String zone,
            List<PlacedAssignment> assignments,
            List<Preempted> preempts,
            String policy,
            String message,
            String startAfter,
            PlacedEnergy energy,
            List<PlacedCandidate> candidates) {}

    /**
     * The power a placement was decided with: the cluster's values for the hour the work starts
     * (averaged by accelerators over several clusters); null where unknown.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlacedEnergy(
            Double carbonIntensityGramsPerKwh,
            Double renewableFraction,
            Double pricePerKwh,
            double wattsPerAccelerator,
            double kilowatts) {}

    /**
     * Replicas on one pool; latencyMs is null when unknown; tier is given when the fleet has tiers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlacedAssignment(
            String cluster,
            String pool,
            int replicas,
            int accelerators,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double latencyMs,
            Integer tier) {}

    /** A placed workload a decision takes the place of. */
    public record Preempted(String namespace, String name) {}

    /** A pool not chosen, and why. */
    public record PlacedCandidate(String pool, String cluster, String reason, String message) {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanReport() {}

    public static Document document(List<Decision> decisions) {
        return document(decisions, null);
    }

    /**
     * The document; {@code tiers} gives each pool's tier when the fleet has tiers, else is null.
     */
    public static Document document(List<Decision> decisions, Map<String, Integer> tiers) {
        List<Placement> placements = new ArrayList<>();
        for (Decision d : decisions) {
            placements.add(
                    new Placement(
                            d.workload().ref().kind().kindName(),
                            d.workload().ref().namespace(),
                            d.workload().ref().name(),
                            phase(d),
                            d.reason() == null ? null : d.reason().code(),
                            d.zone(),
                            d.assignments().stream()
                                    .map(
                                            a ->
                                                    new PlacedAssignment(
                                                            a.cluster(),
                                                            a.pool(),
                                                            a.replicas(),
                                                            a.accelerators(),
                                                            a.knownLatencyMs(),
                                                            tiers == null
                                                                    ? null
                                                                    : tiers.getOrDefault(
                                                                            a.pool(), 0)))
                                    .toList(),
                            d.preempts().isEmpty()
                                    ? null
                                    : d.preempts().stream()
                                            .map(r -> new Preempted(r.namespace(), r.name()))
                                            .toList(),
                            d.policy(),
                            d.message(),
                            d.startAfter() == null ? null : d.startAfter().toString(),
                            energy(d),
                            d.candidates().stream()
                                    .map(
                                            c ->
                                                    new PlacedCandidate(
                                                            c.pool(),
                                                            c.cluster(),
                                                            c.reason().code(),
                                                            c.message()))
                                    .toList()));
        }
        return new Document(placements);
    }

    /** Placed, Deferred or Unschedulable. */
    static String phase(Decision d) {
        return d.placed() ? "Placed" : d.isDeferred() ? "Deferred" : "Unschedulable";
    }

    private static PlacedEnergy energy(Decision d) {
        PlacementEnergy e = d.energy();
        if (e == null) {
            return null;
        }
        return new PlacedEnergy(
                e.carbonIntensityGramsPerKwh(),
                e.renewableFraction(),
                e.pricePerKwh(),
                e.wattsPerAccelerator(),
                d.accelerators() * e.wattsPerAccelerator() / 1000d);
    }

    /** "380 g/kWh", or "-" when unknown. */
    private static String carbon(Decision d) {
        return d.energy() == null || d.energy().carbonIntensityGramsPerKwh() == null
                ? "-"
                : number(d.energy().carbonIntensityGramsPerKwh()) + " g/kWh";
    }

    private static String number(double d) {
        return java.math.BigDecimal.valueOf(d)
                .setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    public static String json(List<Decision> decisions) {
        return json(decisions, null);
    }

    /** The JSON document, with each assignment's tier when {@code tiers} is given. */
    public static String json(List<Decision> decisions, Map<String, Integer> tiers) {
        try {
            return JSON.writeValueAsString(document(decisions, tiers)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table: one row per assignment, the reason of any workload that did not fit. */
    public static String table(List<Decision> decisions) {
        return table(decisions, null);
    }

    /**
     * A table: one row per assignment, what a placement preempts, the reason of any workload that
     * did not fit; with a TIER column when {@code tiers} is given (the fleet has tiers).
     */
    public static String table(List<Decision> decisions, Map<String, Integer> tiers) {
        List<String> header =
                new ArrayList<>(List.of("KIND", "WORKLOAD", "PHASE", "ZONE", "CLUSTER", "POOL"));
        if (tiers != null) {
            header.add("TIER");
        }
        header.addAll(List.of("REPLICAS", "LATENCY", "CARBON", "REASON"));
        TextTable table = new TextTable(header.toArray(new String[0]));
        int placed = 0;
        int preempted = 0;
        int deferred = 0;
        for (Decision d : decisions) {
            String kind = d.workload().ref().kind().kindName();
            String workload = d.workload().ref().namespace() + "/" + d.workload().ref().name();
            String zone = d.zone() == null ? "-" : d.zone();
            if (!d.placed()) {
                deferred += d.isDeferred() ? 1 : 0;
                table.row(
                        row(
                                tiers,
                                kind,
                                workload,
                                phase(d),
                                zone,
                                d.isDeferred() ? d.deferral().cluster() : "-",
                                d.isDeferred() ? d.deferral().pool() : "-",
                                "-",
                                "-",
                                "-",
                                "-",
                                d.reason().code() + ": " + d.message()));
                continue;
            }
            placed++;
            preempted += d.preempts().size();
            boolean first = true;
            for (Assignment a : d.assignments()) {
                table.row(
                        row(
                                tiers,
                                first ? kind : "",
                                first ? workload : "",
                                first ? "Placed" : "",
                                first ? zone : "",
                                a.cluster(),
                                a.pool(),
                                tiers == null
                                        ? ""
                                        : Integer.toString(tiers.getOrDefault(a.pool(), 0)),
                                Integer.toString(a.replicas()),
                                latency(a.knownLatencyMs()),
                                first ? carbon(d) : "",
                                first ? preempts(d.preempts()) : ""));
                first = false;
            }
        }
        return table.render()
                + "\n"
                + decisions.size()
                + " workload(s): "
                + placed
                + " placed, "
                + (deferred == 0 ? "" : deferred + " deferred, ")
                + (decisions.size() - placed - deferred)
                + " unschedulable"
                + (preempted == 0 ? "" : ", " + preempted + " preempted")
                + "\n";
    }

    /** The cells of a row, without the tier's when the fleet has no tiers. */
    private static String[] row(
            Map<String, Integer> tiers,
            String kind,
            String workload,
            String phase,
            String zone,
            String cluster,
            String pool,
            String tier,
            String replicas,
            String latency,
            String carbon,
            String reason) {
        return tiers == null
                ? new String[] {
                    kind, workload, phase, zone, cluster, pool, replicas, latency, carbon, reason
                }
                : new String[] {
                    kind, workload, phase, zone, cluster, pool, tier, replicas, latency, carbon,
                    reason
                };
    }

    /** "preempts ml/a, ml/b", or nothing. */
    private static String preempts(List<WorkloadRef> victims) {
        if (victims.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("preempts ");
        for (int i = 0; i < victims.size(); i++) {
            WorkloadRef v = victims.get(i);
            s.append(i == 0 ? "" : ", ").append(v.namespace()).append('/').append(v.name());
        }
        return s.toString();
    }

    /** A latency for people: "12.34 ms", or "unknown". */
    public static String latency(Double ms) {
        return ms == null ? "unknown" : String.format(Locale.ROOT, "%.2f ms", ms);
    }
}
