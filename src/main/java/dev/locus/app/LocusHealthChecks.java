package dev.locus.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health probes: ready once the hub's caches are synced and while every hub informer watches; live
 * while scheduling proceeds.
 */
@ApplicationScoped
public class LocusHealthChecks {

    @Inject Locus locus;
    @Inject OperatorLifecycle lifecycle;

    @Readiness
    HealthCheck ready() {
        return () ->
                HealthCheckResponse.named("locus-caches")
                        .status(lifecycle.isStarted() && locus.isReady())
                        .withData("operatorStarted", lifecycle.isStarted())
                        .withData("hubCachesSynced", locus.hub().isSynced())
                        .withData("informersNotWatching", String.join(",", locus.notWatching()))
                        .build();
    }

    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("locus-scheduler").status(locus.isLive()).build();
    }
}
