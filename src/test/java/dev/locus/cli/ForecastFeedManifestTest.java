package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.testing.TestFiles;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecast feed's CronJob runs the import on its mounted CSV, with the least it needs. */
class ForecastFeedManifestTest {

    static final Path FEED = Path.of("deploy/forecast-feed/forecast-feed-cronjob.yaml");

    @Test
    void theRoleGrantsGetAndPatchOnClustersOnly() {
        ClusterRole role = TestFiles.ofKind(FEED, "ClusterRole", ClusterRole.class).get(0);
        assertThat(role.getRules())
                .singleElement()
                .satisfies(
                        rule -> {
                            assertThat(rule.getApiGroups()).containsExactly("locus.dev");
                            assertThat(rule.getResources()).containsExactly("clusters");
                            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
                        });
        ClusterRoleBinding binding =
                TestFiles.ofKind(FEED, "ClusterRoleBinding", ClusterRoleBinding.class).get(0);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    }

    @Test
    void theCronJobImportsTheMountedCsvHourly() {
        CronJob cron = TestFiles.ofKind(FEED, "CronJob", CronJob.class).get(0);
        assertThat(cron.getSpec().getSchedule()).matches("\\d+ \\* \\* \\* \\*");
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("locus-forecast-feed");
        var container = pod.getContainers().get(0);
        List<String> args = container.getArgs();
        // The args are a command line kubectl-locus accepts.
        var parsed = LocusMain.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().subcommand().commandSpec().name()).isEqualTo("import");
        String csv = args.get(args.size() - 1);
        String mount =
                container.getVolumeMounts().stream()
                        .filter(m -> m.getName().equals("forecast"))
                        .findFirst()
                        .orElseThrow()
                        .getMountPath();
        assertThat(csv).startsWith(mount + "/");
    }
}
