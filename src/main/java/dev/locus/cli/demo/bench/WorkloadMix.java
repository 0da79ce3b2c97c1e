package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.AcceleratorRequest;
import dev.locus.api.v1alpha1.AcceleratorType;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.DataOrigin;
import dev.locus.api.v1alpha1.DataSpec;
import dev.locus.api.v1alpha1.FailoverSpec;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.OptimizeFor;
import dev.locus.api.v1alpha1.PlacementSpec;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.UserRegion;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The workloads the benchmark applies, generated from a seed (the same index gives the same
 * workload, whatever thread asks): 80 % TrainingJobs (1 worker x 1 GPU) and 20 % InferenceEndpoints
 * (1 or 2 replicas x 1 GPU), spread over eight team namespaces. Data: 35 % public, 20 % internal,
 * 20 % confidential, 25 % personal; restricted data is in zone eu (50 %), us (20 %), uk or jp (15 %
 * each), half of it with an origin cluster, so every decision goes through the sovereignty rules
 * (and the zones' transfers). Objectives, priorities, required features, failover tolerations, user
 * regions and latency bounds vary as in a real queue.
 */
final class WorkloadMix {

    /** The team namespaces workloads are applied to. */
    static final List<String> TEAMS =
            List.of(
                    "ml-research",
                    "ml-prod",
                    "ml-platform",
                    "fraud",
                    "search",
                    "recsys",
                    "speech",
                    "vision");

    /** The label that names the benchmark phase a workload belongs to. */
    static final String PHASE_LABEL = "bench.locus.dev/phase";

    private static final Map<String, Double> ZONE_WEIGHTS =
            Map.of("eu", 0.50, "us", 0.20, "uk", 0.15, "jp", 0.15);

    private final long seed;
    private final List<BenchFleet.Member> members;
    private final Map<String, List<BenchFleet.Member>> byZone = new LinkedHashMap<>();

    WorkloadMix(long seed, List<BenchFleet.Member> members) {
        this.seed = seed;
        this.members = List.copyOf(members);
        for (String zone : List.of("eu", "us", "uk", "jp")) {
            List<BenchFleet.Member> in =
                    members.stream().filter(m -> zone.equals(m.site().zone())).toList();
            if (!in.isEmpty()) {
                byZone.put(zone, in);
            }
        }
    }

    /** Workloads {@code 0..count-1} of a phase, in namespaces of {@link #TEAMS}. */
    List<WorkloadResource> generate(String phase, int count) {
        return generate(phase, count, null);
    }

    /** The same, all in one namespace when {@code namespace} is given. */
    List<WorkloadResource> generate(String phase, int count, String namespace) {
        List<WorkloadResource> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(workload(phase, i, namespace));
        }
        return out;
    }

    WorkloadResource workload(String phase, int index, String namespace) {
        // SplittableRandom mixes its seed: consecutive seeds give unrelated sequences (the first
        // draws of java.util.Random from consecutive seeds are nearly equal).
        SplittableRandom r =
                new SplittableRandom(seed * 1_000_003L + phase.hashCode() * 7_919L + index);
        boolean training = r.nextDouble() < 0.8;
        String ns = namespace != null ? namespace : TEAMS.get(index % TEAMS.size());
        String name = String.format("%s-%s-%05d", phase, training ? "tj" : "ie", index);
        var metadata =
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(ns)
                        .withLabels(
                                Map.of(
                                        PHASE_LABEL,
                                        phase,
                                        "app.kubernetes.io/part-of",
                                        "locus-bench",
                                        "team",
                                        ns))
                        .build();
        DataSpec data = data(r);
        if (training) {
            TrainingJob job = new TrainingJob();
            job.setMetadata(metadata);
            common(job.getSpec(), data, r);
            job.getSpec().setWorkers(1);
            job.getSpec().setAcceleratorsPerWorker(1);
            AcceleratorRequest accelerator = new AcceleratorRequest();
            accelerator.setType(AcceleratorType.GPU);
            if (r.nextDouble() < 0.6) {
                accelerator.setModels(List.of("H100", "H200"));
                accelerator.setMinMemoryGiB(80);
            } else {
                accelerator.setModels(List.of("H100"));
            }
            job.getSpec().setAccelerator(accelerator);
            PlacementSpec placement = new PlacementSpec();
            double o = r.nextDouble();
            placement.setOptimizeFor(
                    o < 0.4
                            ? OptimizeFor.LATENCY
                            : o < 0.8 ? OptimizeFor.COST : OptimizeFor.CARBON);
            if (r.nextDouble() < 0.2) {
                placement.setRequiredFeatures(List.of("infiniband"));
            }
            job.getSpec().setPlacement(placement);
            if (r.nextBoolean()) {
                FailoverSpec failover = new FailoverSpec();
                failover.setTolerationSeconds(r.nextBoolean() ? 300 : 600);
                job.getSpec().setFailover(failover);
            }
            job.getSpec().setTemplate(trainer(name, r));
            return job;
        }
        InferenceEndpoint endpoint = new InferenceEndpoint();
        endpoint.setMetadata(metadata);
        common(endpoint.getSpec(), data, r);
        endpoint.getSpec().setReplicas(r.nextDouble() < 0.6 ? 1 : 2);
        endpoint.getSpec().setAcceleratorsPerReplica(1);
        endpoint.getSpec().setPort(8000);
        AcceleratorRequest accelerator = new AcceleratorRequest();
        accelerator.setModels(List.of("L40S", "H100"));
        endpoint.getSpec().setAccelerator(accelerator);
        List<BenchFleet.Member> near =
                data.getZone() == null ? members : byZone.get(data.getZone());
        List<UserRegion> users = new ArrayList<>();
        int regions = r.nextDouble() < 0.5 ? 1 : 2;
        for (int u = 0; u < regions; u++) {
            Site site = near.get(r.nextInt(near.size())).site();
            String userName = site.market() + "-users";
            if (users.stream().anyMatch(x -> x.getName().equals(userName))) {
                continue;
            }
            UserRegion user = new UserRegion();
            user.setName(userName);
            user.setCountry(site.country());
            user.setLatitude(Math.round((site.latitude() + r.nextDouble() - 0.5) * 100) / 100.0);
            user.setLongitude(Math.round((site.longitude() + r.nextDouble() - 0.5) * 100) / 100.0);
            user.setWeight(1 + r.nextInt(3));
            users.add(user);
        }
        endpoint.getSpec().setUsers(users);
        PlacementSpec placement = new PlacementSpec();
        placement.setOptimizeFor(OptimizeFor.LATENCY);
        if (data.getZone() != null && r.nextDouble() < 0.3) {
            placement.setMaxLatencyMs(60.0);
        }
        endpoint.getSpec().setPlacement(placement);
        endpoint.getSpec().setTemplate(server(r));
        return endpoint;
    }

    private DataSpec data(SplittableRandom r) {
        DataSpec data = new DataSpec();
        double c = r.nextDouble();
        Classification classification =
                c < 0.35
                        ? Classification.PUBLIC
                        : c < 0.55
                                ? Classification.INTERNAL
                                : c < 0.75 ? Classification.CONFIDENTIAL : Classification.PERSONAL;
        String zone = classification == Classification.PUBLIC ? null : zone(r);
        if (zone == null) {
            classification = Classification.PUBLIC;
        }
        data.setClassification(classification);
        data.setZone(zone);
        List<BenchFleet.Member> from = zone == null ? members : byZone.get(zone);
        if (r.nextDouble() < (zone == null ? 0.3 : 0.5)) {
            DataOrigin origin = new DataOrigin();
            origin.setCluster(from.get(r.nextInt(from.size())).name());
            data.setOrigin(origin);
        }
        return data;
    }

    /** A zone with members, by weight; null when the fleet has none. */
    private String zone(SplittableRandom r) {
        double total = byZone.keySet().stream().mapToDouble(ZONE_WEIGHTS::get).sum();
        double x = r.nextDouble() * total;
        for (String zone : byZone.keySet()) {
            x -= ZONE_WEIGHTS.get(zone);
            if (x <= 0) {
                return zone;
            }
        }
        return byZone.isEmpty() ? null : byZone.keySet().iterator().next();
    }

    private static void common(WorkloadSpec spec, DataSpec data, SplittableRandom r) {
        spec.setData(data);
        double p = r.nextDouble();
        if (p >= 0.7) {
            spec.setPriority(p < 0.9 ? 50 : 100);
        }
    }

    private static final List<String> CONFIGS =
            List.of("llama-8b-sft", "mistral-7b-dpo", "vit-l-16", "whisper-ft", "bert-rerank");

    private static PodTemplateSpec trainer(String name, SplittableRandom r) {
        String config = CONFIGS.get(r.nextInt(CONFIGS.size()));
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(Map.of("app.kubernetes.io/name", "trainer"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("trainer")
                .withImage("nvcr.io/nvidia/pytorch:24.10-py3")
                .withCommand(
                        "torchrun",
                        "--nproc-per-node=1",
                        "train.py",
                        "--config=configs/" + config + ".yaml")
                .addNewEnv()
                .withName("RUN_ID")
                .withValue(name)
                .endEnv()
                .addNewEnv()
                .withName("CHECKPOINT_DIR")
                .withValue("/checkpoints/" + config)
                .endEnv()
                .withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("8"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("64Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    private static final List<String> MODELS =
            List.of("assistant-8b", "open-chat-8b", "support-3b", "embed-large", "rerank-base");

    private static PodTemplateSpec server(SplittableRandom r) {
        String model = MODELS.get(r.nextInt(MODELS.size()));
        return new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("server")
                .withImage("vllm/vllm-openai:v0.6.3")
                .withArgs("--model", "/models/" + model, "--port", "8000")
                .withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("4"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("32Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }
}
