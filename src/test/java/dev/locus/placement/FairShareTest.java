package dev.locus.placement;

import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where quotas exist: priority, then the lower fair share, then creation time, then name. */
class FairShareTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    /** One big pool; teams a and b, each under its own quota, and namespace free without one. */
    static Fleet fleet() {
        return Fleet.create()
                .site("s", s -> s.country("DE"))
                .pool("p", p -> p.cluster("s").free(1000))
                .namespace("a", "team=a")
                .namespace("b", "team=b")
                .namespace("free")
                .quota("a", q -> q.selects("team", "a").limit(1000))
                .quota("b", q -> q.selects("team", "b").limit(1000));
    }

    static Workload w(String namespace, String name, int accelerators, int priority, int minute) {
        return job(namespace, name)
                .priority(priority)
                .created(T0.plusSeconds(60L * minute))
                .shape(1, accelerators)
                .build();
    }

    static List<String> order(PlacementEngine engine, List<Workload> workloads) {
        List<String> out = new ArrayList<>();
        for (Decision d : engine.decideAll(workloads)) {
            out.add(d.workload().ref().namespace() + "/" + d.workload().ref().name());
        }
        return out;
    }

    @Test
    void teamsOfEqualPriorityTakeTurns() {
        // a's three were created first; b's two later: shares, recomputed after each decision,
        // interleave them.
        List<Workload> pending =
                List.of(
                        w("a", "a1", 8, 0, 0),
                        w("a", "a2", 8, 0, 1),
                        w("a", "a3", 8, 0, 2),
                        w("b", "b1", 8, 0, 3),
                        w("b", "b2", 8, 0, 4));
        assertThat(order(fleet().engine(), pending))
                .containsExactly("a/a1", "b/b1", "a/a2", "b/b2", "a/a3");
    }

    @Test
    void whatAQuotaHoldsAlreadyCounts() {
        Fleet fleet = fleet().placed(job("a", "old").build(), T0, "p", 16);
        List<Workload> pending =
                List.of(w("a", "a1", 8, 0, 0), w("b", "b1", 8, 0, 1), w("b", "b2", 8, 0, 2));
        // a holds 16: b goes first until it holds as much.
        assertThat(order(fleet.engine(), pending)).containsExactly("b/b1", "b/b2", "a/a1");
    }

    @Test
    void aHeavierWeightMayHoldMoreBeforeItWaits() {
        Fleet fleet = fleet().quota("a", q -> q.weight(2));
        List<Workload> pending =
                List.of(
                        w("a", "a1", 8, 0, 0),
                        w("a", "a2", 8, 0, 1),
                        w("a", "a3", 8, 0, 2),
                        w("b", "b1", 8, 0, 3),
                        w("b", "b2", 8, 0, 4));
        // After a1 a's share is 8/2 = 4: b1 (0) goes, then a2 (4 < 8), then a3 (a 8 ties b 8,
        // and was created first), then b2.
        assertThat(order(fleet.engine(), pending))
                .containsExactly("a/a1", "b/b1", "a/a2", "a/a3", "b/b2");
    }

    @Test
    void priorityComesBeforeShare() {
        Fleet fleet = fleet().placed(job("a", "old").build(), T0, "p", 500);
        List<Workload> pending = List.of(w("b", "b1", 8, 0, 0), w("a", "a1", 8, 1, 1));
        assertThat(order(fleet.engine(), pending)).containsExactly("a/a1", "b/b1");
    }

    @Test
    void aNamespaceWithoutQuotaHasShareZero() {
        Fleet fleet = fleet().placed(job("free", "old").build(), T0, "p", 500);
        List<Workload> pending =
                List.of(w("a", "a1", 8, 0, 0), w("free", "f1", 8, 0, 1), w("a", "a2", 8, 0, 2));
        assertThat(order(fleet.engine(), pending)).containsExactly("a/a1", "free/f1", "a/a2");
    }

    @Test
    void withoutCreationTimeInputOrderFirst() {
        List<Workload> pending =
                List.of(
                        w("a", "timed", 8, 0, 0),
                        job("b", "file2").sequence(2).shape(1, 8).build(),
                        job("b", "file1").sequence(1).shape(1, 8).build());
        // Equal shares at first: the untimed go first, in input order; then turns.
        assertThat(order(fleet().engine(), pending))
                .containsExactly("b/file1", "a/timed", "b/file2");
    }

    @Test
    void withoutQuotasTheOrderIsTheUsualOne() {
        Fleet fleet =
                Fleet.create()
                        .site("s", s -> s.country("DE"))
                        .pool("p", p -> p.cluster("s").free(1000));
        List<Workload> pending =
                List.of(
                        job("b", "file").sequence(0).shape(1, 8).build(),
                        w("a", "a2", 8, 0, 2),
                        w("a", "a1", 8, 0, 1));
        // Known creation times first: WorkloadOrder, unchanged.
        assertThat(order(fleet.engine(), pending)).containsExactly("a/a1", "a/a2", "b/file");
    }
}
