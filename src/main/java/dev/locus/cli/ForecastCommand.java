package dev.locus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ForecastEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl locus forecast}: the hourly carbon and price forecasts of Clusters. */
@Command(
        name = "forecast",
        description =
                "Hourly carbon intensity and price forecasts of Clusters (spec.power.forecast).",
        mixinStandardHelpOptions = true,
        subcommands = {ForecastCommand.Import.class})
public class ForecastCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code kubectl locus forecast import FILE.csv}: replaces Clusters' forecasts from a CSV. */
    @Command(
            name = "import",
            description = {
                "Replace the spec.power.forecast of the Clusters a CSV names, one JSON merge patch"
                        + " per Cluster, through the kubeconfig's API server.",
                "The CSV's header is cluster,from,carbonIntensityGramsPerKwh,pricePerKwh"
                        + " (pricePerKwh optional); each line is one cluster's hour: from is the"
                        + " RFC 3339 start of a UTC hour, the numbers are not negative. At most "
                        + ForecastCsv.MAX_ENTRIES
                        + " hours per cluster, none twice; they are written ordered by from.",
                "Nothing is written when any line is bad or any cluster does not exist.",
                "Exit codes: 0 done, 1 the API server refused or failed, 2 bad input or an"
                        + " unknown cluster."
            },
            mixinStandardHelpOptions = true)
    static class Import implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Mixin KubeconfigOptions kube = new KubeconfigOptions();

        @Parameters(index = "0", paramLabel = "FILE.csv", description = "The forecast CSV.")
        Path file;

        @Option(
                names = "--cluster",
                paramLabel = "NAME",
                description =
                        "Write only this cluster's forecast (repeatable); the file's other lines"
                                + " are checked, not written.")
        List<String> only = new ArrayList<>();

        @Option(
                names = "--dry-run",
                description =
                        "Print the merge patch each Cluster would get, and write nothing (the API"
                                + " server is not contacted).")
        boolean dryRun;

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, List<ForecastEntry>> forecasts;
            try {
                forecasts = ForecastCsv.read(file);
            } catch (ForecastCsv.Invalid e) {
                e.problems().forEach(p -> err.println("error: " + p));
                err.println("error: nothing written");
                err.flush();
                return PlanCommand.BAD_INPUT;
            }
            Map<String, List<ForecastEntry>> selected = new LinkedHashMap<>();
            if (only.isEmpty()) {
                selected.putAll(forecasts);
            } else {
                for (String cluster : new TreeSet<>(only)) {
                    if (!forecasts.containsKey(cluster)) {
                        err.println(
                                "error: "
                                        + file
                                        + ": no lines for cluster "
                                        + cluster
                                        + " (the file has "
                                        + String.join(", ", forecasts.keySet())
                                        + "); nothing written");
                        err.flush();
                        return PlanCommand.BAD_INPUT;
                    }
                    selected.put(cluster, forecasts.get(cluster));
                }
            }
            if (dryRun) {
                selected.forEach(
                        (cluster, entries) -> {
                            out.println(summary(cluster, entries) + " (dry run)");
                            out.println(patch(entries));
                        });
                out.flush();
                return 0;
            }
            try (KubernetesClient client = kube.client()) {
                // Every cluster must exist before anything is written.
                List<String> unknown = new ArrayList<>();
                for (String cluster : selected.keySet()) {
                    if (client.resources(Cluster.class).withName(cluster).get() == null) {
                        unknown.add(cluster);
                    }
                }
                if (!unknown.isEmpty()) {
                    unknown.forEach(
                            c ->
                                    err.println(
                                            "error: "
                                                    + file
                                                    + ": cluster "
                                                    + c
                                                    + ": no such Cluster (clusters.locus.dev) on "
                                                    + client.getMasterUrl()));
                    err.println("error: nothing written");
                    err.flush();
                    return PlanCommand.BAD_INPUT;
                }
                List<String> written = new ArrayList<>();
                for (var e : selected.entrySet()) {
                    try {
                        client.resources(Cluster.class)
                                .resource(named(e.getKey()))
                                .patch(PatchContext.of(PatchType.JSON_MERGE), patch(e.getValue()));
                    } catch (KubernetesClientException ex) {
                        err.println("error: cluster " + e.getKey() + ": " + messageOf(ex));
                        err.println(
                                written.isEmpty()
                                        ? "error: nothing written"
                                        : "error: written before the failure: "
                                                + String.join(", ", written));
                        err.flush();
                        return 1;
                    }
                    written.add(e.getKey());
                    out.println(summary(e.getKey(), e.getValue()));
                }
            }
            out.flush();
            return 0;
        }

        /**
         * A Cluster known by its name only: patched through it, the client does not read it again.
         */
        private static Cluster named(String name) {
            Cluster cluster = new Cluster();
            cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
            return cluster;
        }

        private static String messageOf(KubernetesClientException e) {
            return e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : e.getMessage();
        }

        private static String summary(String cluster, List<ForecastEntry> entries) {
            return "cluster.locus.dev/"
                    + cluster
                    + " forecast replaced: "
                    + entries.size()
                    + " hour(s) from "
                    + entries.get(0).getFrom()
                    + " to "
                    + entries.get(entries.size() - 1).getFrom();
        }

        /** The JSON merge patch that replaces a Cluster's forecast (a list is replaced whole). */
        static String patch(List<ForecastEntry> entries) {
            ObjectNode patch = JSON.createObjectNode();
            patch.putObject("spec").putObject("power").set("forecast", JSON.valueToTree(entries));
            try {
                return JSON.writeValueAsString(patch);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
