package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One informer per hub kind: the reconcilers and the scheduler read the same cache, so the hub sees
 * exactly one watch of each Locus kind, however many parts of the operator use it.
 */
class HubWatchesIT {

    private static final List<String> KINDS =
            List.of(
                    "sovereigntyzones",
                    "clusters",
                    "gpupools",
                    "trainingjobs",
                    "inferenceendpoints");

    private static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet().startOperator();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void eachLocusKindIsWatchedOnce() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            paths.addAll(watches());
                            return fleet.operator().locus().isReady()
                                    && KINDS.stream()
                                            .allMatch(
                                                    k ->
                                                            paths.stream()
                                                                    .anyMatch(
                                                                            p ->
                                                                                    p.contains(
                                                                                            "/"
                                                                                                    + k)));
                        });
        // Anything still on its way in.
        paths.addAll(watches());

        Map<String, Long> perKind =
                paths.stream()
                        .map(HubWatchesIT::kindOf)
                        .filter(KINDS::contains)
                        .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        assertThat(perKind).containsOnlyKeys(KINDS);
        assertThat(perKind.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
    }

    private static List<String> watches() throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = fleet.servers.hub().server().takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            if (r.getPath().contains("watch=true")) {
                out.add(r.getPath());
            }
        }
        return out;
    }

    private static String kindOf(String path) {
        String resource = path.substring(0, path.indexOf('?'));
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}
