package dev.locus.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig} and {@code --context}, as kubectl reads them: the file given, else {@code
 * KUBECONFIG}, else {@code ~/.kube/config}, else (in a pod) the service account's token.
 */
public class KubeconfigOptions {

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description =
                    "Kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config, else the pod's"
                            + " service account).")
    Path kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description = "Kubeconfig context to use (default: its current context).")
    String context;

    /** The client configuration these options select. */
    public Config config() {
        if (kubeconfig == null) {
            return Config.autoConfigure(context);
        }
        String contents;
        try {
            contents = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
        return Config.fromKubeconfig(context, contents, kubeconfig.toString());
    }

    /** A client for the API server these options select. */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }
}
