package dev.locus.app;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts and stops the JOSDK operator with the application. Locus does this itself, rather than
 * through quarkus-operator-sdk's auto-start, so that CLI commands run without a cluster.
 */
@ApplicationScoped
public class OperatorLifecycle {

    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

    @Inject Operator operator;
    @Inject Locus locus;

    @ConfigProperty(name = "locus.operator.start", defaultValue = "true")
    boolean start;

    /**
     * The profile quarkus-operator-sdk elects a leader in (its default). Run with another profile
     * (QUARKUS_PROFILE=standalone) for a single replica without a Lease.
     */
    static final String LEADER_ELECTION_PROFILE = "prod";

    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        if (!start) {
            LOG.info("locus.operator.start=false: the operator is not started");
            return;
        }
        operator.start();
        if (!ConfigUtils.getProfiles().contains(LEADER_ELECTION_PROFILE)) {
            // quarkus-operator-sdk elects a leader only in the prod profile; elsewhere this
            // replica is the only one and leads from the start.
            locus.startLeading();
        }
        started = true;
        LOG.info("Locus operator started");
    }

    void onStop(@Observes ShutdownEvent event) {
        if (started) {
            started = false;
            operator.stop();
        }
    }

    /** True once the operator's informers are synced and reconcilers run. */
    public boolean isStarted() {
        return started;
    }
}
