package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The ceiling phase: what a bare client creates and writes status for, with no operator. */
final class CeilingPhase {

    /** Where the ceiling's workloads go: no team namespace, nothing of the operator's. */
    static final String NAMESPACE = "bench-ceiling";

    private final BenchCommand.Settings settings;
    private final Results results;
    private final BenchStory story;

    CeilingPhase(BenchRun run) {
        this.settings = run.settings;
        this.results = run.results;
        this.story = run.story;
    }

    /** A ceiling for each size the bursts and the steady phase apply (or the first burst's). */
    void run(KubernetesClient hub, WorkloadMix mix, Load load) throws InterruptedException {
        Set<Integer> counts = new LinkedHashSet<>();
        if (settings.runs("burst")) {
            counts.addAll(settings.bursts());
        }
        if (settings.runs("steady") || counts.isEmpty()) {
            counts.add(settings.runs("steady") ? settings.steadyCount() : settings.bursts().get(0));
        }
        if (settings.warmup() > 0) {
            // The client and the API server warm up too, not measured.
            load.createAndWriteStatus(
                    mix.generate("ceiling-warmup", settings.warmup(), NAMESPACE),
                    settings.timeout());
            hub.resources(TrainingJob.class).inNamespace(NAMESPACE).delete();
            hub.resources(InferenceEndpoint.class).inNamespace(NAMESPACE).delete();
        }
        for (int n : counts) {
            List<WorkloadResource> workloads = mix.generate("ceiling-" + n, n, NAMESPACE);
            Load.Outcome o = load.createAndWriteStatus(workloads, settings.timeout());
            double rate = o.applied() == 0 ? 0 : o.applied() / o.seconds();
            results.ceilings.add(
                    new Results.Ceiling(n, o.applied(), o.seconds(), rate, o.finished()));
            story.say(
                    "Ceiling, %,d workloads: %,d created + status written in %.1f s = %.1f workloads/s (%d threads, no operator).",
                    n, o.applied(), o.seconds(), rate, settings.threads());
            if (!o.finished() || o.failed() > 0) {
                story.problem(
                        "ceiling-%d: %,d of %,d written within %d s%s",
                        n,
                        o.applied(),
                        n,
                        settings.timeout().toSeconds(),
                        o.firstError() == null ? "" : "; first error: " + o.firstError());
            }
            hub.resources(TrainingJob.class).inNamespace(NAMESPACE).delete();
            hub.resources(InferenceEndpoint.class).inNamespace(NAMESPACE).delete();
        }
    }
}
