package dev.locus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.QuotaLimit;
import dev.locus.api.v1alpha1.QuotaUsed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocusMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger added = new AtomicInteger();
    private final LocusMetrics metrics;

    LocusMetricsTest() {
        registry.config().onMeterAdded(m -> added.incrementAndGet());
        metrics = new LocusMetrics(registry, Map::of);
    }

    @Test
    void aQuotaReportedAgainUpdatesItsGaugesWithoutRegisteringThemAgain() {
        QuotaLimit eu = new QuotaLimit("eu", List.of("H100", "H200"), 96);
        metrics.quota("research", List.of(used(48, 0)), List.of(eu));
        int meters = added.get();

        metrics.quota("research", List.of(used(88, 8)), List.of(eu));

        assertThat(added.get()).isEqualTo(meters);
        assertThat(value("used")).isEqualTo(88);
        assertThat(value("borrowed")).isEqualTo(8);
        assertThat(value("limit")).isEqualTo(96);
    }

    @Test
    void aQuotaForgottenLosesItsGaugesAndComesBackWhenReportedAgain() {
        QuotaLimit eu = new QuotaLimit("eu", List.of("H100", "H200"), 96);
        metrics.quota("research", List.of(used(48, 0)), List.of(eu));

        metrics.forgetQuota("research");
        assertThat(registry.find("locus.quota.accelerators").gauges()).isEmpty();

        metrics.quota("research", List.of(used(16, 0)), List.of(eu));
        assertThat(value("used")).isEqualTo(16);
    }

    private double value(String state) {
        Gauge gauge =
                registry.find("locus.quota.accelerators")
                        .tags("quota", "research", "zone", "eu", "models", "H100,H200")
                        .tag("state", state)
                        .gauge();
        assertThat(gauge).as(state).isNotNull();
        return gauge.value();
    }

    private static QuotaUsed used(int accelerators, int borrowed) {
        QuotaUsed u = new QuotaUsed();
        u.setZone("eu");
        u.setModels(List.of("H100", "H200"));
        u.setAccelerators(accelerators);
        u.setBorrowed(borrowed);
        return u;
    }
}
