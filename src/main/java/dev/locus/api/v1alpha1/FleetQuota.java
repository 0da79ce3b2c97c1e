package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A team's share of the fleet: caps on the accelerators its namespaces' workloads hold. */
@Group(Groups.GROUP)
@Version(Groups.VERSION)
@Plural("fleetquotas")
@Categories("locus")
@ShortNames("fq")
@AdditionalPrinterColumn(
        name = "COHORT",
        jsonPath = ".spec.cohort",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "USED",
        jsonPath = ".status.used[0].accelerators",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "LIMIT",
        jsonPath = ".spec.limits[0].accelerators",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "PENDING",
        jsonPath = ".status.pending",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "ADMITTED",
        jsonPath = ".status.admitted",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonDeserialize(using = FleetQuota.Reader.class)
@JsonClassDescription(
        "A team's share of the fleet: caps on the accelerators held by placed workloads of the namespaces it selects, per zone and model, with borrowing from and lending to the other quotas of its cohort. A namespace selected by no FleetQuota is unlimited; one selected by several gets nothing placed (fail closed). USED and LIMIT show the first limit.")
public class FleetQuota extends LocusResource<FleetQuotaSpec, FleetQuotaStatus> {

    @Override
    protected FleetQuotaSpec initSpec() {
        return new FleetQuotaSpec();
    }

    /** Reads a FleetQuota without ever failing: see {@link LenientReader}. */
    public static final class Reader
            extends LenientReader<FleetQuota, FleetQuotaSpec, FleetQuotaStatus> {
        public Reader() {
            super(FleetQuota.class, FleetQuota::new, FleetQuotaSpec.class, FleetQuotaStatus.class);
        }
    }
}
