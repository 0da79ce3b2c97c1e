package dev.locus.placement;

/** Identifies a workload: its kind, namespace and name. */
public record WorkloadRef(Kind kind, String namespace, String name) {

    /** The two kinds of workload Locus places. */
    public enum Kind {
        TRAINING_JOB("TrainingJob"),
        INFERENCE_ENDPOINT("InferenceEndpoint");

        private final String kindName;

        Kind(String kindName) {
            this.kindName = kindName;
        }

        /** The Kubernetes kind, for example {@code TrainingJob}. */
        public String kindName() {
            return kindName;
        }
    }

    @Override
    public String toString() {
        return kind.kindName() + " " + namespace + "/" + name;
    }
}
