package dev.locus.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.placement.Assignment;
import dev.locus.placement.Decision;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
            String policy,
            String message,
            List<PlacedCandidate> candidates) {}

    /** Replicas on one pool; latencyMs is null when unknown. */
    public record PlacedAssignment(
            String cluster, String pool, int replicas, int accelerators, Double latencyMs) {}

    /** A pool not chosen, and why. */
    public record PlacedCandidate(String pool, String cluster, String reason, String message) {}

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanReport() {}

    public static Document document(List<Decision> decisions) {
        List<Placement> placements = new ArrayList<>();
        for (Decision d : decisions) {
            placements.add(
                    new Placement(
                            d.workload().ref().kind().kindName(),
                            d.workload().ref().namespace(),
                            d.workload().ref().name(),
                            d.placed() ? "Placed" : "Unschedulable",
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
                                                            a.knownLatencyMs()))
                                    .toList(),
                            d.policy(),
                            d.message(),
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

    public static String json(List<Decision> decisions) {
        try {
            return JSON.writeValueAsString(document(decisions)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table: one row per assignment, the reason of any workload that did not fit. */
    public static String table(List<Decision> decisions) {
        TextTable table =
                new TextTable(
                        "KIND",
                        "WORKLOAD",
                        "PHASE",
                        "ZONE",
                        "CLUSTER",
                        "POOL",
                        "REPLICAS",
                        "LATENCY",
                        "REASON");
        int placed = 0;
        for (Decision d : decisions) {
            String kind = d.workload().ref().kind().kindName();
            String workload = d.workload().ref().namespace() + "/" + d.workload().ref().name();
            String zone = d.zone() == null ? "-" : d.zone();
            if (!d.placed()) {
                table.row(
                        kind,
                        workload,
                        "Unschedulable",
                        zone,
                        "-",
                        "-",
                        "-",
                        "-",
                        d.reason().code() + ": " + d.message());
                continue;
            }
            placed++;
            boolean first = true;
            for (Assignment a : d.assignments()) {
                table.row(
                        first ? kind : "",
                        first ? workload : "",
                        first ? "Placed" : "",
                        first ? zone : "",
                        a.cluster(),
                        a.pool(),
                        Integer.toString(a.replicas()),
                        latency(a.knownLatencyMs()),
                        "");
                first = false;
            }
        }
        return table.render()
                + "\n"
                + decisions.size()
                + " workload(s): "
                + placed
                + " placed, "
                + (decisions.size() - placed)
                + " unschedulable\n";
    }

    /** A latency for people: "12.34 ms", or "unknown". */
    public static String latency(Double ms) {
        return ms == null ? "unknown" : String.format(Locale.ROOT, "%.2f ms", ms);
    }
}
