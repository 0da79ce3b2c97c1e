package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A member Kubernetes cluster at a site: where it is, how to reach it, how it is linked. */
@Group(Groups.GROUP)
@Version(Groups.VERSION)
@Plural("clusters")
@Categories("locus")
@ShortNames("lc")
@AdditionalPrinterColumn(
        name = "COUNTRY",
        jsonPath = ".spec.location.country",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "PROVIDER",
        jsonPath = ".spec.provider",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "READY",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "ZONES",
        jsonPath = ".status.zones",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "AVAILABLE",
        jsonPath = ".status.capacity.available",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "POWER USED",
        jsonPath = ".status.power.usedKilowatts",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
        name = "BUDGET",
        jsonPath = ".spec.power.budgetKilowatts",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonDeserialize(using = Cluster.Reader.class)
@JsonClassDescription(
        "A member Kubernetes cluster at one site: where it stands (which decides its sovereignty zones), how Locus reaches it, and its measured links to other sites.")
public class Cluster extends LocusResource<ClusterSpec, ClusterStatus> {

    @Override
    protected ClusterSpec initSpec() {
        return new ClusterSpec();
    }

    /** Reads a Cluster without ever failing: see {@link LenientReader}. */
    public static final class Reader extends LenientReader<Cluster, ClusterSpec, ClusterStatus> {
        public Reader() {
            super(Cluster.class, Cluster::new, ClusterSpec.class, ClusterStatus.class);
        }
    }
}
