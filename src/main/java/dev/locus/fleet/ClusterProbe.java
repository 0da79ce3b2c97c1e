package dev.locus.fleet;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Asks a member API server whether it answers, and which Kubernetes version it runs. */
public final class ClusterProbe {

    /** What a probe found: a reason and message fit for the Reachable condition. */
    public record Result(
            boolean reachable, String kubernetesVersion, String reason, String message) {}

    private ClusterProbe() {}

    public static Result probe(KubernetesClient client) {
        try {
            var version = client.getKubernetesVersion();
            String git = version == null ? null : version.getGitVersion();
            return new Result(
                    true,
                    git,
                    "Probed",
                    "the API server answered" + (git == null ? "" : " (" + git + ")"));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 403) {
                // Some servers hide /version: any authorised answer proves the server is up.
                try {
                    client.nodes().list(new ListOptionsBuilder().withLimit(1L).build());
                    return new Result(
                            true,
                            null,
                            "Probed",
                            "the API server answered (version not disclosed)");
                } catch (KubernetesClientException inner) {
                    return failed(inner);
                }
            }
            return failed(e);
        } catch (RuntimeException e) {
            return new Result(
                    false, null, "Unreachable", "probe failed: " + e.getClass().getSimpleName());
        }
    }

    private static Result failed(KubernetesClientException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
            return new Result(
                    false,
                    null,
                    "Unauthorized",
                    "the API server refused Locus' credentials (HTTP " + e.getCode() + ")");
        }
        String cause =
                e.getCause() == null
                        ? "HTTP " + e.getCode()
                        : e.getCause().getClass().getSimpleName();
        return new Result(false, null, "Unreachable", "the API server did not answer: " + cause);
    }
}
