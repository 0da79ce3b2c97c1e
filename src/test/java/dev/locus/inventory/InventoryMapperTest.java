package dev.locus.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.DataSpec;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.placement.DataClass;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CRD-to-engine mapping leans towards "do not place" wherever input is missing or odd. */
class InventoryMapperTest {

    static Cluster cluster(String country) {
        Cluster c = new Cluster();
        c.setMetadata(new ObjectMetaBuilder().withName("c").build());
        Location location = new Location();
        location.setCountry(country);
        c.getSpec().setLocation(location);
        return c;
    }

    @ParameterizedTest(name = "country \"{0}\" -> {1}")
    @CsvSource(
            value = {"DE, DE", "de, DE", "'', NULL", "'  ', NULL", "NULL, NULL"},
            nullValues = "NULL")
    void aClusterCountryIsUpperCaseOrAbsent(String country, String expected) {
        assertThat(InventoryMapper.site(cluster(country), true).country()).isEqualTo(expected);
    }

    @Test
    void aClusterWithoutALocationHasNoCountry() {
        Cluster c = cluster("DE");
        c.getSpec().setLocation(null);
        assertThat(InventoryMapper.site(c, true).country()).isNull();
    }

    @Test
    void jurisdictionsAreUpperCasedAndRestrictionsDefaultToTheSensitiveClasses() {
        SovereigntyZone zone = new SovereigntyZone();
        zone.setMetadata(new ObjectMetaBuilder().withName("eu").build());
        zone.getSpec().setJurisdictions(List.of("de", "FR"));

        var mapped = InventoryMapper.zone(zone);

        assertThat(mapped.jurisdictions()).isEqualTo(Set.of("DE", "FR"));
        assertThat(mapped.restricted()).isEqualTo(DataClass.defaultRestricted());
        assertThat(mapped.transfersAllowedTo()).isEmpty();
    }

    @Test
    void dataWithoutAClassificationIsTreatedAsPersonal() {
        TrainingJob job = new TrainingJob();
        job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace("ml").build());
        DataSpec data = new DataSpec();
        data.setZone("eu");
        job.getSpec().setData(data);
        assertThat(InventoryMapper.trainingJob(job, 0).classification())
                .isEqualTo(DataClass.PERSONAL);

        data.setClassification(Classification.PUBLIC);
        assertThat(InventoryMapper.trainingJob(job, 0).classification())
                .isEqualTo(DataClass.PUBLIC);
    }
}
