package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A distributed training run: a gang of workers placed on one pool, or not at all. */
@Group(Groups.GROUP)
@Version(Groups.VERSION)
@Plural("trainingjobs")
@Categories("locus")
@ShortNames("tj")
@AdditionalPrinterColumn(
        name = "PHASE",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "ZONE",
        jsonPath = ".status.placement.zone",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "CLUSTER",
        jsonPath = ".status.placement.assignments[0].cluster",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "POOL",
        jsonPath = ".status.placement.assignments[0].pool",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "WORKERS",
        jsonPath = ".spec.workers",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "MESSAGE",
        jsonPath = ".status.message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonDeserialize(using = TrainingJob.Reader.class)
@JsonClassDescription(
        "A distributed training run: workers x acceleratorsPerWorker placed as a gang on the nearest GPU pool that may legally hold its data, then run there as an Indexed Job.")
@ValidationRule(
        value = Rules.TRAINING_JOB_PLACED_SPEC_FIXED,
        message = Rules.PLACED_SPEC_FIXED_MESSAGE)
public class TrainingJob extends LocusResource<TrainingJobSpec, TrainingJobStatus>
        implements Namespaced, WorkloadResource {

    @Override
    protected TrainingJobSpec initSpec() {
        return new TrainingJobSpec();
    }

    @Override
    public TrainingJob withStatus(WorkloadStatus status) {
        TrainingJob copy = new TrainingJob();
        copy.setMetadata(getMetadata());
        copy.setSpec(getSpec());
        copy.setStatus((TrainingJobStatus) status);
        return copy;
    }

    @Override
    public WorkloadStatus newStatus() {
        return new TrainingJobStatus();
    }

    /** Reads a TrainingJob without ever failing: see {@link LenientReader}. */
    public static final class Reader
            extends LenientReader<TrainingJob, TrainingJobSpec, TrainingJobStatus> {
        public Reader() {
            super(
                    TrainingJob.class,
                    TrainingJob::new,
                    TrainingJobSpec.class,
                    TrainingJobStatus.class);
        }
    }
}
