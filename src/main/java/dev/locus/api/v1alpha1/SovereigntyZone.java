package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A set of jurisdictions whose law governs restricted data: it never leaves them. */
@Group(Groups.GROUP)
@Version(Groups.VERSION)
@Plural("sovereigntyzones")
@Categories("locus")
@ShortNames("sz")
@AdditionalPrinterColumn(
        name = "JURISDICTIONS",
        jsonPath = ".spec.jurisdictions",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "CLUSTERS",
        jsonPath = ".status.clusters",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "POOLS",
        jsonPath = ".status.pools",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "AVAILABLE",
        jsonPath = ".status.capacity.available",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonDeserialize(using = SovereigntyZone.Reader.class)
@JsonClassDescription(
        "A set of jurisdictions whose law governs restricted data. Workloads whose data.zone names this zone, with a restricted classification, run only on clusters in these jurisdictions or in zones listed in transfersAllowedTo.")
public class SovereigntyZone extends LocusResource<SovereigntyZoneSpec, SovereigntyZoneStatus> {

    @Override
    protected SovereigntyZoneSpec initSpec() {
        return new SovereigntyZoneSpec();
    }

    /** Reads a SovereigntyZone without ever failing: see {@link LenientReader}. */
    public static final class Reader
            extends LenientReader<SovereigntyZone, SovereigntyZoneSpec, SovereigntyZoneStatus> {
        public Reader() {
            super(
                    SovereigntyZone.class,
                    SovereigntyZone::new,
                    SovereigntyZoneSpec.class,
                    SovereigntyZoneStatus.class);
        }
    }
}
