package dev.locus.app;

import dev.locus.reconciler.LocusRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health probes: ready once the hub's caches are synced; live while scheduling proceeds. */
@ApplicationScoped
public class LocusHealthChecks {

    @Inject LocusRuntime runtime;
    @Inject OperatorLifecycle lifecycle;

    @Readiness
    HealthCheck ready() {
        return () ->
                HealthCheckResponse.named("locus-caches")
                        .status(lifecycle.isStarted() && runtime.cache().isSynced())
                        .withData("operatorStarted", lifecycle.isStarted())
                        .withData("hubCachesSynced", runtime.cache().isSynced())
                        .build();
    }

    @Liveness
    HealthCheck live() {
        return () ->
                HealthCheckResponse.named("locus-scheduler")
                        .status(runtime.scheduler().isHealthy())
                        .build();
    }
}
