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

/** A model server: replicas spread over the pools nearest to its users, placed whole. */
@Group(Groups.GROUP)
@Version(Groups.VERSION)
@Plural("inferenceendpoints")
@Categories("locus")
@ShortNames("ie")
@AdditionalPrinterColumn(
        name = "PHASE",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "ZONE",
        jsonPath = ".status.placement.zone",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "REPLICAS",
        jsonPath = ".spec.replicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "READY",
        jsonPath = ".status.readyReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "CLUSTER",
        jsonPath = ".status.placement.assignments[0].cluster",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "MESSAGE",
        jsonPath = ".status.message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonDeserialize(using = InferenceEndpoint.Reader.class)
@JsonClassDescription(
        "A model server whose replicas are spread over the pools nearest to its users that may legally hold its data, and run there as Deployments.")
@ValidationRule(
        value = Rules.INFERENCE_ENDPOINT_PLACED_SPEC_FIXED,
        message = Rules.PLACED_SPEC_FIXED_MESSAGE)
public class InferenceEndpoint extends LocusResource<InferenceEndpointSpec, InferenceEndpointStatus>
        implements Namespaced, WorkloadResource {

    @Override
    protected InferenceEndpointSpec initSpec() {
        return new InferenceEndpointSpec();
    }

    @Override
    public InferenceEndpoint withStatus(WorkloadStatus status) {
        InferenceEndpoint copy = new InferenceEndpoint();
        copy.setMetadata(getMetadata());
        copy.setSpec(getSpec());
        copy.setStatus((InferenceEndpointStatus) status);
        return copy;
    }

    @Override
    public WorkloadStatus newStatus() {
        return new InferenceEndpointStatus();
    }

    /** Reads a InferenceEndpoint without ever failing: see {@link LenientReader}. */
    public static final class Reader
            extends LenientReader<
                    InferenceEndpoint, InferenceEndpointSpec, InferenceEndpointStatus> {
        public Reader() {
            super(
                    InferenceEndpoint.class,
                    InferenceEndpoint::new,
                    InferenceEndpointSpec.class,
                    InferenceEndpointStatus.class);
        }
    }
}
