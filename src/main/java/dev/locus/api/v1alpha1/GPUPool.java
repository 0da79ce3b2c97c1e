package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A set of like accelerators in one member cluster, selected by node labels. */
@Group(Groups.GROUP)
@Version(Groups.VERSION)
@Plural("gpupools")
@Categories("locus")
@ShortNames("gp")
@AdditionalPrinterColumn(
        name = "CLUSTER",
        jsonPath = ".spec.cluster",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "MODEL",
        jsonPath = ".spec.accelerator.model",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "AVAILABLE",
        jsonPath = ".status.capacity.available",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "TOTAL",
        jsonPath = ".status.capacity.total",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "COST/H",
        jsonPath = ".spec.costPerAcceleratorHour",
        type = AdditionalPrinterColumn.Type.NUMBER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonDeserialize(using = GPUPool.Reader.class)
@JsonClassDescription(
        "A set of like accelerators in one member cluster, selected by node labels. Locus places workloads on pools and reports their capacity here.")
public class GPUPool extends LocusResource<GPUPoolSpec, GPUPoolStatus> {

    @Override
    protected GPUPoolSpec initSpec() {
        return new GPUPoolSpec();
    }

    /** Reads a GPUPool without ever failing: see {@link LenientReader}. */
    public static final class Reader extends LenientReader<GPUPool, GPUPoolSpec, GPUPoolStatus> {
        public Reader() {
            super(GPUPool.class, GPUPool::new, GPUPoolSpec.class, GPUPoolStatus.class);
        }
    }
}
