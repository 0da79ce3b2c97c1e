package dev.locus.cli;

import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.QuotaLimit;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.inventory.InventoryMapper;
import dev.locus.inventory.SharingMapping;
import dev.locus.placement.Decision;
import dev.locus.placement.LabelSelector;
import dev.locus.placement.PlacedWorkload;
import dev.locus.placement.PlacementEngine;
import dev.locus.placement.Quota;
import dev.locus.placement.Snapshot;
import dev.locus.placement.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubectl locus plan}: what Locus would decide for these manifests, offline. */
@Command(
        name = "plan",
        description = {
            "Decide, offline, where every TrainingJob and InferenceEndpoint in the manifests would go.",
            "Uses the same engine as the operator; needs no cluster and no network.",
            "Workloads given with status.placement count as placed: they hold capacity, quota and"
                    + " power, and may be preempted.",
            "A TrainingJob with a schedule that optimizes for carbon or cost may be Deferred to a"
                    + " cleaner or cheaper hour of the clusters' forecasts (startAfter).",
            "Exit codes: 0 done, 2 bad input, 3 a workload is Unschedulable and"
                    + " --fail-on-unschedulable was given."
        },
        mixinStandardHelpOptions = true)
public class PlanCommand implements Callable<Integer> {

    /** Exit code: input that cannot be planned. */
    public static final int BAD_INPUT = 2;

    /** Exit code: a workload is Unschedulable and --fail-on-unschedulable was given. */
    public static final int UNSCHEDULABLE = 3;

    /** Output formats. */
    public enum Format {
        table,
        json
    }

    @Spec CommandSpec spec;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "PATH",
            description =
                    "Manifest file or directory (recursive, .yaml/.yml, multi-document). Repeatable.")
    List<Path> paths = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format output = Format.table;

    @Option(
            names = "--fail-on-unschedulable",
            description = "Exit with code 3 when any workload is Unschedulable.")
    boolean failOnUnschedulable;

    @Option(
            names = "--now",
            paramLabel = "RFC3339",
            converter = Rfc3339.class,
            description =
                    "The time the plan is made at, for repeatable plans (default: the clock): when"
                            + " the placements it makes are decided, which forecast hour carbon and"
                            + " price come from, and from when a job may be deferred.")
    Instant now;

    /** Reads {@code --now}: an RFC 3339 time such as 2026-12-01T09:00:00Z. */
    static final class Rfc3339 implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "not an RFC 3339 time (for example 2026-12-01T09:00:00Z): '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManifestReader reader = new ManifestReader();
        Manifests manifests;
        try {
            manifests = reader.read(paths);
        } catch (ManifestReader.InvalidInput e) {
            reader.warnings().forEach(w -> err.println("warning: " + w));
            e.problems().forEach(p -> err.println("error: " + p));
            err.flush();
            return BAD_INPUT;
        }
        reader.warnings().forEach(w -> err.println("warning: " + w));
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        checkQuotas(manifests, problems, warnings);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + p));
            err.flush();
            return BAD_INPUT;
        }
        warnings.forEach(w -> err.println("warning: " + w));
        List<Decision> decisions = plan(manifests, now == null ? Instant.now() : now);
        Map<String, Integer> tiers = tiers(manifests);
        out.print(
                output == Format.json
                        ? PlanReport.json(decisions, tiers)
                        : PlanReport.table(decisions, tiers));
        out.flush();
        err.flush();
        boolean unschedulable = decisions.stream().anyMatch(d -> !d.placed() && !d.isDeferred());
        return failOnUnschedulable && unschedulable ? UNSCHEDULABLE : 0;
    }

    /** Runs the engine on manifests: free capacity from status when given, else spec. */
    static List<Decision> plan(Manifests manifests) {
        return plan(manifests, null);
    }

    /**
     * Runs the engine on manifests at {@code now}: free capacity from status when given, else spec;
     * workloads with a placement in their status hold what it says and are not decided.
     */
    static List<Decision> plan(Manifests manifests, Instant now) {
        Snapshot fleet =
                InventoryMapper.snapshot(
                        manifests.zones(),
                        manifests.clusters(),
                        manifests.pools(),
                        InventoryMapper.READY_UNLESS_STATUS_SAYS_NOT,
                        InventoryMapper.AVAILABLE_OR_DECLARED);
        // A pool whose free count is its status.capacity.available already leaves out what the
        // placed workloads hold; one whose free count is its declared size does not.
        Set<String> fromStatus = new HashSet<>();
        for (GPUPool pool : manifests.pools()) {
            if (pool.getStatus() != null
                    && pool.getStatus().getCapacity() != null
                    && pool.getStatus().getCapacity().getAvailable() != null) {
                fromStatus.add(pool.getMetadata().getName());
            }
        }
        List<Workload> pending = new ArrayList<>();
        List<PlacedWorkload> placed = new ArrayList<>();
        long sequence = 0;
        for (Object o : manifests.workloadsInOrder()) {
            WorkloadResource w = (WorkloadResource) o;
            if (SharingMapping.holdsPlacement(w)) {
                placed.add(SharingMapping.placed(w, sequence++, fromStatus::contains));
            } else if (!finished(w)) {
                pending.add(InventoryMapper.workload(w, sequence++));
            }
        }
        Snapshot snapshot =
                fleet.sharing(quotas(manifests), namespaceLabels(manifests), placed).at(now);
        return new PlacementEngine(snapshot, PlacementEngine.Explain.ALL).decideAll(pending);
    }

    private static boolean finished(WorkloadResource w) {
        return w.getStatus() != null
                && w.getStatus().getPhase() != null
                && w.getStatus().getPhase().isFinished();
    }

    private static List<Quota> quotas(Manifests manifests) {
        return manifests.quotas().stream().map(SharingMapping::quota).toList();
    }

    /**
     * The labels of every namespace the manifests name: those of their Namespace objects, and for a
     * workload's namespace without one, what the API server gives every namespace (its name).
     */
    static Map<String, Map<String, String>> namespaceLabels(Manifests manifests) {
        Map<String, Map<String, String>> out =
                new HashMap<>(SharingMapping.namespaceLabels(manifests.namespaces()));
        for (Object o : manifests.workloadsInOrder()) {
            String ns = namespaceOf((WorkloadResource) o);
            out.computeIfAbsent(ns, n -> SharingMapping.labelsOf(n, null));
        }
        return out;
    }

    private static String namespaceOf(WorkloadResource w) {
        String ns = w.getMetadata().getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    /**
     * What in the FleetQuotas cannot be planned (a limit's zone that does not exist, a quota that
     * selects no namespace) and what is planned but worth saying (a namespace of two quotas, whose
     * workloads are not placed).
     */
    static void checkQuotas(Manifests manifests, List<String> problems, List<String> warnings) {
        if (manifests.quotas().isEmpty()) {
            return;
        }
        Set<String> zones = new HashSet<>();
        for (SovereigntyZone z : manifests.zones()) {
            zones.add(z.getMetadata().getName());
        }
        Map<String, Map<String, String>> namespaces = namespaceLabels(manifests);
        Map<String, Set<String>> quotasOf = new TreeMap<>();
        for (FleetQuota quota : manifests.quotas()) {
            String where = manifests.where(quota);
            List<QuotaLimit> limits =
                    quota.getSpec() == null || quota.getSpec().getLimits() == null
                            ? List.of()
                            : quota.getSpec().getLimits();
            for (int i = 0; i < limits.size(); i++) {
                String zone = limits.get(i) == null ? null : limits.get(i).getZone();
                if (zone != null && !zones.contains(zone)) {
                    problems.add(
                            where
                                    + ": spec.limits["
                                    + i
                                    + "].zone: SovereigntyZone \""
                                    + zone
                                    + "\" does not exist"
                                    + (zones.isEmpty()
                                            ? ""
                                            : " (zones: " + new TreeSet<>(zones) + ")"));
                }
            }
            LabelSelector selector = SharingMapping.quota(quota).namespaceSelector();
            if (selector == null) {
                problems.add(
                        where
                                + ": spec.namespaceSelector: not set: a FleetQuota without one"
                                + " selects no namespace ({} selects every namespace)");
                continue;
            }
            Set<String> selected = new TreeSet<>();
            namespaces.forEach(
                    (ns, labels) -> {
                        if (selector.matches(labels)) {
                            selected.add(ns);
                        }
                    });
            if (selected.isEmpty()) {
                problems.add(
                        where
                                + ": spec.namespaceSelector: selects none of the namespaces given "
                                + new TreeSet<>(namespaces.keySet()));
            }
            for (String ns : selected) {
                quotasOf.computeIfAbsent(ns, k -> new TreeSet<>())
                        .add(quota.getMetadata().getName());
            }
        }
        quotasOf.forEach(
                (ns, names) -> {
                    if (names.size() > 1) {
                        warnings.add(
                                "namespace "
                                        + ns
                                        + " is selected by FleetQuotas "
                                        + names
                                        + ": its workloads are not placed (QuotaExceeded,"
                                        + " OverlappingQuota) until only one selects it");
                    }
                });
    }

    /** Pools by name with their tiers, or null when every pool is of tier 0. */
    static Map<String, Integer> tiers(Manifests manifests) {
        Map<String, Integer> tiers = new HashMap<>();
        boolean any = false;
        for (GPUPool pool : manifests.pools()) {
            Integer tier = pool.getSpec() == null ? null : pool.getSpec().getTier();
            tiers.put(pool.getMetadata().getName(), tier == null ? 0 : tier);
            any |= tier != null && tier != 0;
        }
        return any ? tiers : null;
    }
}
