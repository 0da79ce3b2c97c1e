package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the benchmark reads /proc, Prometheus text and API paths, and computes percentiles. */
class MeasuringTest {

    @Test
    void cpuTimeIsUtimePlusStimeEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat =
                "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0"
                        + " 999 1000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0";
        assertThat(ProcStats.cpuMillis(stat)).isEqualTo((1234 + 567) * 10);
        assertThat(ProcStats.threadGroup(stat)).isEqualTo("my (odd) java");
    }

    @ParameterizedTest
    @CsvSource({
        "pool-3-thread-12, pool-N-thread-N",
        "GC Thread#1, GC Thread#N",
        "C2 CompilerThre, C2 CompilerThre",
        "vert.x-eventloo, vert.x-eventloo",
        "locus-writer-7, locus-writer-N",
        "Timer-0, Timer-N"
    })
    void threadsOfOnePoolAreGrouped(String comm, String group) {
        assertThat(ProcStats.threadGroup("12 (" + comm + ") S 1 2 3")).isEqualTo(group);
    }

    @Test
    void theMachineIsBusyButForIdleAndIowait() {
        assertThat(ProcStats.machineBusyMillis("cpu  100 2 30 5000 40 3 4 5 0 0\ncpu0 1 2 3 4\n"))
                .isEqualTo((100 + 2 + 30 + 3 + 4 + 5) * 10);
        assertThat(ProcStats.machineBusyMillis()).isPositive();
    }

    @Test
    void heapInfoIsReadFromJcmd() {
        String info =
                "30185:\n garbage-first heap   total 389120K, used 1685K [0x00000000dc000000,"
                        + " 0x0000000100000000)\n  region size 1024K, 1 young (1024K)\n"
                        + " Metaspace       used 73K, committed 320K, reserved 1114112K\n";
        assertThat(OperatorProcess.heap(info)).contains(new OperatorProcess.Heap(1685, 389120));
        assertThat(OperatorProcess.heap("30185:\nno such command")).isEmpty();
        String parallel =
                "31000:\n PSYoungGen      total 152576K, used 10485K [0x0, 0x1, 0x2)\n"
                        + "  eden space 131072K, 8% used [0x0,0x1,0x2)\n"
                        + " ParOldGen       total 348160K, used 120000K [0x0, 0x1, 0x2)\n"
                        + "  object space 348160K, 34% used [0x0,0x1,0x2)\n"
                        + " Metaspace       used 70000K, committed 71000K, reserved 1114112K\n";
        assertThat(OperatorProcess.heap(parallel))
                .contains(new OperatorProcess.Heap(130485, 500736));
    }

    @Test
    void rssComesFromVmRss() {
        assertThat(
                        ProcStats.rssKiB(
                                "Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t  524288 kB\nThreads: 3\n"))
                .isEqualTo(524288);
        assertThat(ProcStats.rssKiB("Name:\tjava\n")).isEqualTo(-1);
    }

    @Test
    void thisProcessCanBeMeasured() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.cpuMillis(pid)).isPositive();
        assertThat(ProcStats.rssKiB(pid)).isPositive();
        assertThat(ProcStats.threadCpuMillis(pid)).isNotEmpty();
        assertThat(ProcStats.eachThreadCpuMillis(pid)).isNotEmpty();
        assertThat(ProcStats.cpuMillis(Long.MAX_VALUE)).isEqualTo(-1);
    }

    static final String METRICS =
            """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1048576.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 4194304.0
            jvm_memory_used_bytes_extra{area="heap"} 99.0
            locus_scheduling_pass_duration_seconds_count 12.0
            locus_scheduling_pass_duration_seconds_sum 0.5
            operator_sdk_reconciliations_started_total{group="locus.dev",kind="GPUPool",name="a"} 3.0
            operator_sdk_reconciliations_started_total{group="locus.dev",kind="GPUPool",name="b"} 4.0
            operator_sdk_reconciliations_started_total{kind="Cluster",name="fra-1"} 2.0
            operator_sdk_reconciliations_started_total{name="nokind"} 7.0
            operator_sdk_controllers_execution_reconcile_success_total{controller="gpupool",type="resource"} 5.0
            operator_sdk_controllers_execution_reconcile_success_total{controller="gpupool",type="status"} 3.0
            operator_sdk_controllers_execution_reconcile_success_total{controller="trainingjob",type="resource"} 10.0
            operator_sdk_controllers_execution_reconcile_failure_total{controller="trainingjob",exception="X"} 2.0
            """;

    @Test
    void samplesAreSummedOverTheLabelsAsked() {
        assertThat(PrometheusText.sum(METRICS, "jvm_memory_used_bytes", Map.of("area", "heap")))
                .hasValue(3145728.0);
        assertThat(PrometheusText.sum(METRICS, "jvm_memory_used_bytes", Map.of("area", "nonheap")))
                .hasValue(4194304.0);
        assertThat(
                        PrometheusText.sum(
                                METRICS, "locus_scheduling_pass_duration_seconds_count", Map.of()))
                .hasValue(12.0);
        assertThat(PrometheusText.sum(METRICS, "locus_absent", Map.of())).isEmpty();
        assertThat(PrometheusText.sum(METRICS, "jvm_memory_used_bytes", Map.of("id", "Old Gen")))
                .isEmpty();
    }

    @Test
    void samplesAreSummedByALabel() {
        assertThat(
                        PrometheusText.sumBy(
                                METRICS, "operator_sdk_reconciliations_started_total", "kind"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("GPUPool", 7.0, "Cluster", 2.0));
        assertThat(
                        OperatorMetrics.reconciliations(
                                METRICS.replace("} 5.0", "} 1.0").replace("} 10.0", "} 4.0"),
                                METRICS,
                                2))
                .containsExactlyInAnyOrderEntriesOf(Map.of("gpupool", 2.0, "trainingjob", 3.0));
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /apis/locus.dev/v1alpha1/namespaces/ml-prod/trainingjobs, POST trainingjobs",
        "PUT, /apis/locus.dev/v1alpha1/namespaces/ml-prod/trainingjobs/a/status, PUT trainingjobs/status",
        "PATCH, /apis/locus.dev/v1alpha1/gpupools/fra-1-h100/status, PATCH gpupools/status",
        "GET, /api/v1/namespaces/locus-system/secrets/fra-1-kubeconfig, GET secrets",
        "GET, /api/v1/namespaces/ml-prod, GET namespaces",
        "GET, /api/v1/namespaces, LIST namespaces",
        "GET, /api/v1/pods?labelSelector=a%3Db&watch=true&allowWatchBookmarks=true, WATCH pods",
        "GET, /apis/batch/v1/namespaces/ml/jobs?resourceVersion=0, LIST jobs",
        "POST, /api/v1/namespaces/ml-prod/events, POST events",
        "GET, /version, GET /version"
    })
    void requestsAreCountedByVerbAndResource(String method, String path, String kind) {
        assertThat(RequestLog.kind(method, path)).isEqualTo(kind);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> ms = new java.util.ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            ms.add((double) i);
        }
        java.util.Collections.shuffle(ms, new java.util.Random(1));
        Results.Latencies l = Results.Latencies.of(ms);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50()).isEqualTo(500.0);
        assertThat(l.p99()).isEqualTo(990.0);
        assertThat(l.max()).isEqualTo(1000.0);
        assertThat(Results.Latencies.of(List.of(7.0)))
                .isEqualTo(new Results.Latencies(1, 7.0, 7.0, 7.0));
        assertThat(Results.Latencies.of(List.of()).p99()).isNull();
    }
}
