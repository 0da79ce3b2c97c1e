package dev.locus.cli;

import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Decision;
import dev.locus.placement.PlacementEngine;
import dev.locus.placement.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
        List<Decision> decisions = plan(manifests);
        out.print(output == Format.json ? PlanReport.json(decisions) : PlanReport.table(decisions));
        out.flush();
        err.flush();
        boolean unschedulable = decisions.stream().anyMatch(d -> !d.placed());
        return failOnUnschedulable && unschedulable ? UNSCHEDULABLE : 0;
    }

    /** Runs the engine on manifests: free capacity from status when given, else spec. */
    static List<Decision> plan(Manifests manifests) {
        var snapshot =
                InventoryMapper.snapshot(
                        manifests.zones(),
                        manifests.clusters(),
                        manifests.pools(),
                        InventoryMapper.READY_UNLESS_STATUS_SAYS_NOT,
                        InventoryMapper.AVAILABLE_OR_DECLARED);
        List<Workload> workloads = new ArrayList<>();
        long sequence = 0;
        for (Object w : manifests.workloadsInOrder()) {
            workloads.add(
                    w instanceof TrainingJob job
                            ? InventoryMapper.trainingJob(job, sequence++)
                            : InventoryMapper.inferenceEndpoint((InferenceEndpoint) w, sequence++));
        }
        return new PlacementEngine(snapshot, PlacementEngine.Explain.ALL).decideAll(workloads);
    }
}
