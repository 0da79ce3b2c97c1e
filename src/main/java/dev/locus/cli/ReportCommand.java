package dev.locus.cli;

import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubectl locus report}: reports over the workloads of an API server. */
@Command(
        name = "report",
        description = "Reports over the Locus workloads of the kubeconfig's API server.",
        mixinStandardHelpOptions = true,
        subcommands = {ReportCommand.Energy.class})
public class ReportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code kubectl locus report energy}: the energy of finished work, per zone and cluster. */
    @Command(
            name = "energy",
            description = {
                "Accelerator-hours, kWh and kg CO2e of finished TrainingJobs and InferenceEndpoints"
                        + " (Succeeded or Failed, with status.energy), per zone"
                        + " (status.placement.zone, else none) and per cluster, with totals; and"
                        + " the CO2e that deferral avoided versus starting at once"
                        + " (status.energy.gramsCO2eAvoided).",
                "A workload on several clusters counts on each by its accelerators there.",
                "Exit codes: 0 done, 1 the API server could not be read."
            },
            mixinStandardHelpOptions = true)
    static class Energy implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Mixin KubeconfigOptions kube = new KubeconfigOptions();

        @Option(
                names = {"-n", "--namespace"},
                paramLabel = "NAMESPACE",
                description = "Namespace to report on (default: the kubeconfig context's).")
        String namespace;

        @Option(
                names = {"-A", "--all-namespaces"},
                description = "Report on every namespace.")
        boolean allNamespaces;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description =
                        "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        PlanCommand.Format output = PlanCommand.Format.table;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (allNamespaces && namespace != null) {
                err.println("error: give -n NAMESPACE or -A, not both");
                err.flush();
                return PlanCommand.BAD_INPUT;
            }
            List<WorkloadResource> workloads = new ArrayList<>();
            try (KubernetesClient client = kube.client()) {
                if (allNamespaces) {
                    workloads.addAll(
                            client.resources(TrainingJob.class).inAnyNamespace().list().getItems());
                    workloads.addAll(
                            client.resources(InferenceEndpoint.class)
                                    .inAnyNamespace()
                                    .list()
                                    .getItems());
                } else {
                    String ns =
                            namespace != null
                                    ? namespace
                                    : client.getNamespace() != null
                                            ? client.getNamespace()
                                            : "default";
                    workloads.addAll(
                            client.resources(TrainingJob.class).inNamespace(ns).list().getItems());
                    workloads.addAll(
                            client.resources(InferenceEndpoint.class)
                                    .inNamespace(ns)
                                    .list()
                                    .getItems());
                }
            }
            EnergyReport.Report report = EnergyReport.of(workloads);
            out.print(
                    output == PlanCommand.Format.json
                            ? EnergyReport.json(report)
                            : EnergyReport.table(report));
            out.flush();
            return 0;
        }
    }
}
