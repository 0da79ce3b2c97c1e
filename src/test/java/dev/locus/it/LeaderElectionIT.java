package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.it.SoakFleet.Spec;
import dev.locus.testing.FaultProxy;
import dev.locus.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged operator in the default (prod) profile elect a leader with a Lease
 * in locus-system. The leader is killed while work arrives; the other takes over, and every
 * workload is decided once, placed without over-booking and dispatched without duplicates. The mock
 * API server lacks the access reviews JOSDK makes before it elects: the hub's proxy answers them.
 */
class LeaderElectionIT {

    static final long SEED = 4242;

    @Test
    void whenTheLeaderDiesTheOtherReplicaTakesOverWithoutDuplicates() {
        Path dir = Path.of("target", "soak", "leader-election");
        try (SoakFleet fleet = new SoakFleet(SEED, dir, true)) {
            // Members answer with faults; the hub does not, so leases are renewed in time.
            fleet.memberProxies.values().forEach(p -> p.faults(FaultProxy.Faults.moderate()));
            Soak soak = new Soak(fleet, new Random(SEED + 1));
            List<Spec> specs = Soak.workloads(new Random(SEED), 60, 0);
            OperatorProcess a = fleet.startOperator("locus-a", "prod");
            OperatorProcess b = fleet.startOperator("locus-b", "prod");
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            String leader = awaitLeader(fleet, null);
            assertThat(leader).isIn("locus-a", "locus-b");

            specs.subList(0, 30).forEach(soak::create);
            awaitDecided(fleet, specs.subList(0, 30));

            OperatorProcess killed = leader.equals("locus-a") ? a : b;
            OperatorProcess other = killed == a ? b : a;
            killed.kill();
            Instant killedAt = Instant.now();
            // Work keeps arriving while nobody leads.
            specs.subList(30, 60).forEach(soak::create);
            String next = awaitLeader(fleet, leader);
            Instant tookOverAt = Instant.now();
            assertThat(next).isEqualTo(other.name());
            awaitDecided(fleet, specs.subList(30, 60));
            assertThat(other.isAlive()).isTrue();

            List<String> violations = soak.settleAndCheck(Duration.ofSeconds(60));
            // Decisions made at or after the kill (decidedAt, whole seconds) are the new leader's.
            String summary =
                    soak.summary(1, violations)
                            + "  "
                            + killed.name()
                            + " led until it was killed at "
                            + killedAt
                            + "; "
                            + next
                            + " led from about "
                            + tookOverAt
                            + "\n";
            System.out.println(summary);
            assertThat(violations).as(summary).isEmpty();
            // The new leader decided the work that came while there was none.
            long decidedAfter =
                    specs.subList(30, 60).stream()
                            .map(s -> get(fleet, s))
                            .filter(w -> w.getStatus().getPlacement() != null)
                            .filter(
                                    w ->
                                            !Instant.parse(
                                                            w.getStatus()
                                                                    .getPlacement()
                                                                    .getDecidedAt())
                                                    .isBefore(killedAt.minusSeconds(1)))
                            .count();
            assertThat(decidedAfter).isPositive();
        }
    }

    /** Waits for a replica other than {@code previous} to hold the Lease; returns its name. */
    static String awaitLeader(SoakFleet fleet, String previous) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Lease lease =
                                    fleet.hub
                                            .resources(Lease.class)
                                            .inNamespace("locus-system")
                                            .withName("locus-operator")
                                            .get();
                            return lease == null || lease.getSpec() == null
                                    ? null
                                    : lease.getSpec().getHolderIdentity();
                        },
                        holder -> holder != null && !holder.equals(previous));
    }

    /** Waits until every one of these workloads has a decision. */
    static void awaitDecided(SoakFleet fleet, List<Spec> specs) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                specs.stream()
                                        .map(s -> get(fleet, s))
                                        .allMatch(
                                                w ->
                                                        w != null
                                                                && w.getStatus() != null
                                                                && w.getStatus().getPhase() != null
                                                                && w.getStatus().getPhase()
                                                                        != WorkloadPhase.PENDING));
    }

    static WorkloadResource get(SoakFleet fleet, Spec s) {
        return fleet.hub.resources(s.type()).inNamespace(s.namespace()).withName(s.name()).get();
    }
}
